use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A user's named views of a list: the list's address (search, filters, order), to open again.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SavedViews::Table)
                    .col(pk_uuid(SavedViews::Id))
                    .col(uuid(SavedViews::UserId))
                    .col(string_len(SavedViews::List, 32))
                    .col(string_len(SavedViews::Name, 60))
                    .col(string_len(SavedViews::Query, 1000))
                    .col(timestamp_with_time_zone(SavedViews::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_saved_views_user")
                            .from(SavedViews::Table, SavedViews::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One name per user and list: saving under a name again replaces that view.
        manager
            .create_index(
                Index::create()
                    .name("idx_saved_views_user_list_name")
                    .table(SavedViews::Table)
                    .col(SavedViews::UserId)
                    .col(SavedViews::List)
                    .col(SavedViews::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SavedViews::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SavedViews {
    Table,
    Id,
    UserId,
    List,
    Name,
    Query,
    CreatedAt,
}
