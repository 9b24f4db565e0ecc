use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A web form can be the desk's contact form: its messages then open tickets.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WebForms::Table)
                    .add_column(boolean(WebForms::OpensTickets).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WebForms::Table)
                    .drop_column(WebForms::OpensTickets)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum WebForms {
    Table,
    OpensTickets,
}
