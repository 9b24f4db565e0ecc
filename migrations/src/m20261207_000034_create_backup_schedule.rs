use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Whether the server backs the workspace up every day, and how many of its backups it keeps:
/// one row, written the first time the owner saves it (no row: no daily backups).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BackupSchedule::Table)
                    .col(integer(BackupSchedule::Id).primary_key())
                    .col(boolean(BackupSchedule::Daily))
                    .col(integer(BackupSchedule::Keep))
                    .col(integer(BackupSchedule::Version))
                    .col(timestamp_with_time_zone(BackupSchedule::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BackupSchedule::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum BackupSchedule {
    Table,
    Id,
    Daily,
    Keep,
    Version,
    UpdatedAt,
}
