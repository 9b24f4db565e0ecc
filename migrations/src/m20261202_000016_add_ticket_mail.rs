use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tickets over email: when each reply went out (so a retry never sends it twice), who wrote
/// each incoming message, and the satisfaction survey's mailing and answer.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let changes = [
            Table::alter()
                .table(TicketMessages::Table)
                .add_column(timestamp_with_time_zone_null(TicketMessages::SentAt))
                .to_owned(),
            Table::alter()
                .table(TicketMessages::Table)
                .add_column(string_null(TicketMessages::FromEmail))
                .to_owned(),
            Table::alter()
                .table(Tickets::Table)
                .add_column(timestamp_with_time_zone_null(Tickets::SurveySentAt))
                .to_owned(),
            Table::alter()
                .table(Tickets::Table)
                .add_column(timestamp_with_time_zone_null(Tickets::RatedAt))
                .to_owned(),
        ];
        for change in changes {
            manager.alter_table(change).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [TicketMessages::SentAt, TicketMessages::FromEmail] {
            manager
                .alter_table(
                    Table::alter()
                        .table(TicketMessages::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [Tickets::SurveySentAt, Tickets::RatedAt] {
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
    SurveySentAt,
    RatedAt,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    SentAt,
    FromEmail,
}
