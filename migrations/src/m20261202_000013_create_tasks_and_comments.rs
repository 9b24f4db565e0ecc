use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tasks with a due time and an assignee, on a deal or a contact; comments on deals; and each
/// user's notifications (mentions, deals given to them).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let user = |name: &str, from: Tasks| {
            ForeignKey::create()
                .name(name)
                .from(Tasks::Table, from)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::SetNull)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(pk_uuid(Tasks::Id))
                    .col(string_len(Tasks::Title, 200))
                    .col(timestamp_with_time_zone(Tasks::DueAt))
                    .col(uuid_null(Tasks::AssigneeId))
                    .col(uuid_null(Tasks::DealId))
                    .col(uuid_null(Tasks::ContactId))
                    .col(timestamp_with_time_zone_null(Tasks::DoneAt))
                    .col(uuid_null(Tasks::CreatedBy))
                    .col(integer(Tasks::Version).default(1))
                    .col(timestamp_with_time_zone(Tasks::CreatedAt))
                    .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                    .foreign_key(&mut user("fk_tasks_assignee", Tasks::AssigneeId))
                    .foreign_key(&mut user("fk_tasks_created_by", Tasks::CreatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_deal")
                            .from(Tasks::Table, Tasks::DealId)
                            .to(Deals::Table, Deals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_contact")
                            .from(Tasks::Table, Tasks::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(pk_uuid(Comments::Id))
                    .col(uuid(Comments::DealId))
                    .col(uuid_null(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_comments_deal")
                            .from(Comments::Table, Comments::DealId)
                            .to(Deals::Table, Deals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_comments_author")
                            .from(Comments::Table, Comments::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 16))
                    .col(uuid_null(Notifications::ActorId))
                    .col(uuid_null(Notifications::DealId))
                    .col(string_len(Notifications::Excerpt, 200))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_user")
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_actor")
                            .from(Notifications::Table, Notifications::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_deal")
                            .from(Notifications::Table, Notifications::DealId)
                            .to(Deals::Table, Deals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // "My tasks" and the reminder badge read a user's open tasks by due time; the deal page
        // and the board's next-task date read a deal's; the bell reads a user's unread.
        let indexes = [
            Index::create()
                .name("idx_tasks_assignee_due")
                .table(Tasks::Table)
                .col(Tasks::AssigneeId)
                .col(Tasks::DoneAt)
                .col(Tasks::DueAt)
                .to_owned(),
            Index::create()
                .name("idx_tasks_deal")
                .table(Tasks::Table)
                .col(Tasks::DealId)
                .col(Tasks::DueAt)
                .to_owned(),
            Index::create()
                .name("idx_tasks_contact")
                .table(Tasks::Table)
                .col(Tasks::ContactId)
                .to_owned(),
            Index::create()
                .name("idx_comments_deal")
                .table(Comments::Table)
                .col(Comments::DealId)
                .col(Comments::CreatedAt)
                .to_owned(),
            Index::create()
                .name("idx_notifications_user")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::CreatedAt)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            Comments::Table.into_iden(),
            Tasks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    Title,
    DueAt,
    AssigneeId,
    DealId,
    ContactId,
    DoneAt,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    DealId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ActorId,
    DealId,
    Excerpt,
    CreatedAt,
    ReadAt,
}
