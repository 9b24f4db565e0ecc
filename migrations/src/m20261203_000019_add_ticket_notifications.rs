use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Notifications about tickets (one given to an agent), which go with their ticket.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // sea-query cannot add a foreign key to an existing SQLite table, but SQLite itself
        // adds a column that references another table, as long as it may be null.
        let uuid = match manager.get_database_backend() {
            DbBackend::Sqlite => "uuid_text",
            _ => "uuid",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE notifications ADD COLUMN ticket_id {uuid} NULL \
                 REFERENCES tickets (id) ON DELETE CASCADE"
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_ticket")
                    .table(Notifications::Table)
                    .col(Notifications::TicketId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notifications_ticket")
                    .table(Notifications::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .drop_column(Notifications::TicketId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    TicketId,
}
