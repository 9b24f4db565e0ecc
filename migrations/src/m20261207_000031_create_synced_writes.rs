use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The writes a device made offline and the server has applied, by the id the device gave
/// each, with the answer it got: a write sent again (a lost answer, a second tab, a reload in
/// the middle of a sync) gets the same answer and changes nothing.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SyncedWrites::Table)
                    .col(pk_uuid(SyncedWrites::Id))
                    .col(uuid(SyncedWrites::UserId))
                    .col(json(SyncedWrites::Outcome))
                    .col(timestamp_with_time_zone(SyncedWrites::AppliedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SyncedWrites::Table, SyncedWrites::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SyncedWrites::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SyncedWrites {
    Table,
    Id,
    UserId,
    Outcome,
    AppliedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
