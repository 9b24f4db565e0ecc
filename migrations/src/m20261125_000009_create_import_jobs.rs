use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Imports as jobs that survive a restart: the uploaded file (as text), the choices made for
/// it, how far the work has come, and each rejected row with its reasons.
///
/// `processed` moves in the same transaction as each batch's records, so a job that dies
/// resumes exactly after the last batch it wrote; `heartbeat_at` tells a live run from a dead
/// one.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportJobs::Table)
                    .col(pk_uuid(ImportJobs::Id))
                    .col(uuid_null(ImportJobs::UserId))
                    .col(string_len(ImportJobs::Kind, 16))
                    .col(string_len(ImportJobs::Status, 16))
                    .col(string_len(ImportJobs::FileName, 200))
                    .col(text(ImportJobs::Content))
                    .col(json_null(ImportJobs::Options))
                    .col(integer(ImportJobs::Total).default(0))
                    .col(integer(ImportJobs::Processed).default(0))
                    .col(integer(ImportJobs::Created).default(0))
                    .col(integer(ImportJobs::Updated).default(0))
                    .col(integer(ImportJobs::Skipped).default(0))
                    .col(integer(ImportJobs::Rejected).default(0))
                    .col(string_len_null(ImportJobs::Error, 500))
                    .col(timestamp_with_time_zone_null(ImportJobs::HeartbeatAt))
                    .col(timestamp_with_time_zone(ImportJobs::CreatedAt))
                    .col(timestamp_with_time_zone_null(ImportJobs::FinishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_jobs_user")
                            .from(ImportJobs::Table, ImportJobs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportRejections::Table)
                    .col(uuid(ImportRejections::JobId))
                    .col(big_integer(ImportRejections::Line))
                    .col(text(ImportRejections::Cells))
                    .col(text(ImportRejections::Reasons))
                    .primary_key(
                        Index::create()
                            .col(ImportRejections::JobId)
                            .col(ImportRejections::Line),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_rejections_job")
                            .from(ImportRejections::Table, ImportRejections::JobId)
                            .to(ImportJobs::Table, ImportJobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The runner looks for waiting jobs; a user lists their recent imports.
        for index in [
            Index::create()
                .name("idx_import_jobs_status")
                .table(ImportJobs::Table)
                .col(ImportJobs::Status)
                .col(ImportJobs::CreatedAt)
                .to_owned(),
            Index::create()
                .name("idx_import_jobs_user")
                .table(ImportJobs::Table)
                .col(ImportJobs::UserId)
                .col(ImportJobs::CreatedAt)
                .to_owned(),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportRejections::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ImportJobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    UserId,
    Kind,
    Status,
    FileName,
    Content,
    Options,
    Total,
    Processed,
    Created,
    Updated,
    Skipped,
    Rejected,
    Error,
    HeartbeatAt,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum ImportRejections {
    Table,
    JobId,
    Line,
    Cells,
    Reasons,
}
