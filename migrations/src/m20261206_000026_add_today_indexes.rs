use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Today's revenue figures sum the deals won in a month: an index on status and close time
/// keeps that a range read, however many deals the workspace has closed.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_deals_status_closed")
                    .table(Deals::Table)
                    .col(Deals::Status)
                    .col(Deals::ClosedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_deals_status_closed")
                    .table(Deals::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Status,
    ClosedAt,
}
