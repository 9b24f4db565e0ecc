use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Merges of duplicate contacts, kept so that one can be undone: who survived, who was merged
/// into them (those are archived, not deleted), and a snapshot of everything the merge changed.
/// Every contact a merge involves is a member, so that erasing a person also erases the
/// snapshots that hold their data.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContactMerges::Table)
                    .col(pk_uuid(ContactMerges::Id))
                    .col(uuid(ContactMerges::SurvivorId))
                    .col(uuid_null(ContactMerges::UserId))
                    .col(json(ContactMerges::Snapshot))
                    .col(integer(ContactMerges::SurvivorVersion))
                    .col(timestamp_with_time_zone(ContactMerges::CreatedAt))
                    .col(timestamp_with_time_zone_null(ContactMerges::UndoneAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contact_merges_user")
                            .from(ContactMerges::Table, ContactMerges::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContactMergeMembers::Table)
                    .col(uuid(ContactMergeMembers::MergeId))
                    .col(uuid(ContactMergeMembers::ContactId))
                    .primary_key(
                        Index::create()
                            .col(ContactMergeMembers::MergeId)
                            .col(ContactMergeMembers::ContactId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contact_merge_members_merge")
                            .from(ContactMergeMembers::Table, ContactMergeMembers::MergeId)
                            .to(ContactMerges::Table, ContactMerges::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Erasing a person finds the merges that hold their data.
        manager
            .create_index(
                Index::create()
                    .name("idx_contact_merge_members_contact")
                    .table(ContactMergeMembers::Table)
                    .col(ContactMergeMembers::ContactId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contact_merges_survivor")
                    .table(ContactMerges::Table)
                    .col(ContactMerges::SurvivorId)
                    .col(ContactMerges::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContactMergeMembers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ContactMerges::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContactMerges {
    Table,
    Id,
    SurvivorId,
    UserId,
    Snapshot,
    SurvivorVersion,
    CreatedAt,
    UndoneAt,
}

#[derive(DeriveIden)]
enum ContactMergeMembers {
    Table,
    MergeId,
    ContactId,
}
