use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What Today reads by range: the deals won in a month (by status and close time), and the
/// calls a person logged last (by who logged what, and when).
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
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_interactions_user_kind")
                    .table(Interactions::Table)
                    .col(Interactions::UserId)
                    .col(Interactions::Kind)
                    .col(Interactions::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (
                "idx_interactions_user_kind",
                Interactions::Table.into_iden(),
            ),
            ("idx_deals_status_closed", Deals::Table.into_iden()),
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
    ClosedAt,
}

#[derive(DeriveIden)]
enum Interactions {
    Table,
    UserId,
    Kind,
    OccurredAt,
}
