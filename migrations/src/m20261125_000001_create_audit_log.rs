use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who changed what, when. Append-only and deliberately without foreign keys: an entry must
/// outlive the user and the record it names (erasure of a person deletes them, not history).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::RecordType, 64))
                    .col(uuid_null(AuditLog::RecordId))
                    .col(json_null(AuditLog::Changes))
                    .col(uuid_null(AuditLog::JobId))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_audit_log_record",
                vec![AuditLog::RecordType, AuditLog::RecordId],
            ),
            ("idx_audit_log_actor", vec![AuditLog::ActorId, AuditLog::At]),
            ("idx_audit_log_at", vec![AuditLog::At]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditLog::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    RecordType,
    RecordId,
    Changes,
    JobId,
}
