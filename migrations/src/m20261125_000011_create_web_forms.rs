use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Lead-capture forms on the business's own website: each posts to `/f/{key}`, tags the
/// contacts it brings in and gives them to an owner.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebForms::Table)
                    .col(pk_uuid(WebForms::Id))
                    .col(string_len_uniq(WebForms::Key, 32))
                    .col(string_len(WebForms::Name, 100))
                    .col(string_len_null(WebForms::Tag, 40))
                    .col(uuid_null(WebForms::OwnerId))
                    .col(string_len_null(WebForms::RedirectUrl, 500))
                    .col(boolean(WebForms::Active).default(true))
                    .col(timestamp_with_time_zone(WebForms::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_web_forms_owner")
                            .from(WebForms::Table, WebForms::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WebForms::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum WebForms {
    Table,
    Id,
    Key,
    Name,
    Tag,
    OwnerId,
    RedirectUrl,
    Active,
    CreatedAt,
}
