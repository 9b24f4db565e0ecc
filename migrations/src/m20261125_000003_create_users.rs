use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Teams, and the people who sign in to Banyan.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Teams::Table)
                    .col(pk_uuid(Teams::Id))
                    .col(string_len_uniq(Teams::Name, 80))
                    .col(timestamp_with_time_zone(Teams::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    // Stored lower-cased, so uniqueness ignores case on both databases.
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::Name, 120))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(string_len(Users::Role, 16))
                    .col(uuid_null(Users::TeamId))
                    .col(string_len_null(Users::Locale, 8))
                    .col(string_len_null(Users::TimeZone, 64))
                    .col(boolean(Users::Active).default(true))
                    .col(integer(Users::Version).default(1))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_team")
                            .from(Users::Table, Users::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_team")
                    .table(Users::Table)
                    .col(Users::TeamId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Teams::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Teams {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    TeamId,
    Locale,
    TimeZone,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}
