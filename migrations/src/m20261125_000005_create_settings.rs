use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The workspace's settings: one row, written at first-run setup.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(integer(Settings::Id).primary_key())
                    .col(string_len(Settings::CompanyName, 120))
                    .col(string_len(Settings::Country, 2))
                    .col(string_len(Settings::TimeZone, 64))
                    .col(string_len(Settings::BaseCurrency, 3))
                    .col(string_len(Settings::DefaultLocale, 8))
                    .col(boolean(Settings::RestrictSalesToTeam).default(false))
                    .col(integer(Settings::Version).default(1))
                    .col(timestamp_with_time_zone(Settings::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Settings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Id,
    CompanyName,
    Country,
    TimeZone,
    BaseCurrency,
    DefaultLocale,
    RestrictSalesToTeam,
    Version,
    UpdatedAt,
}
