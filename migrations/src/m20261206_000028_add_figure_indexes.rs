use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Today's owner figures from indexes alone: the open pipeline's sums by stage and currency
/// (an index holding every column they read), and the ratings given since a day.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_deals_open_sums")
                    .table(Deals::Table)
                    .col(Deals::Status)
                    .col(Deals::ArchivedAt)
                    .col(Deals::StageId)
                    .col(Deals::Currency)
                    .col(Deals::AmountMinor)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tickets_rated")
                    .table(Tickets::Table)
                    .col(Tickets::RatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_tickets_rated", Tickets::Table.into_iden()),
            ("idx_deals_open_sums", Deals::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Status,
    ArchivedAt,
    StageId,
    Currency,
    AmountMinor,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    RatedAt,
}
