use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Service-level clocks on tickets: the business time a ticket waited on the customer, which
/// does not count, and the target running now with the moment it becomes at risk.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let columns = [
            integer(Tickets::PausedMinutes).default(0).to_owned(),
            timestamp_with_time_zone_null(Tickets::DueAt).to_owned(),
            timestamp_with_time_zone_null(Tickets::RiskAt).to_owned(),
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // The inbox lists active tickets by the target running now, and finds those at risk
        // and past due.
        manager
            .create_index(
                Index::create()
                    .name("idx_tickets_due")
                    .table(Tickets::Table)
                    .col(Tickets::Status)
                    .col(Tickets::DueAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_tickets_due")
                    .table(Tickets::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Tickets::RiskAt, Tickets::DueAt, Tickets::PausedMinutes] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Status,
    PausedMinutes,
    DueAt,
    RiskAt,
}
