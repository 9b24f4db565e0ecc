use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Whether campaign mail tracks openings and clicks: on, as before, unless the owner turns it
/// off.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Settings::Table)
                    .add_column(boolean(Settings::TrackCampaignMail).default(true))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Settings::Table)
                    .drop_column(Settings::TrackCampaignMail)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    TrackCampaignMail,
}
