use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Saved segments: a definition (rules over contact fields, RFM segments, or a fixed list such
/// as a cluster when it was saved) and the contacts it held when last evaluated, which the
/// contact list filters by and campaigns take as their audience.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Segments::Table)
                    .col(pk_uuid(Segments::Id))
                    .col(string_len(Segments::Name, 100))
                    .col(text(Segments::Definition))
                    .col(timestamp_with_time_zone(Segments::EvaluatedAt))
                    .col(uuid_null(Segments::CreatedBy))
                    .col(integer(Segments::Version))
                    .col(timestamp_with_time_zone(Segments::CreatedAt))
                    .col(timestamp_with_time_zone(Segments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_segments_created_by")
                            .from(Segments::Table, Segments::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_segments_name")
                    .table(Segments::Table)
                    .col(Segments::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SegmentMembers::Table)
                    .col(uuid(SegmentMembers::SegmentId))
                    .col(uuid(SegmentMembers::ContactId))
                    .primary_key(
                        Index::create()
                            .col(SegmentMembers::SegmentId)
                            .col(SegmentMembers::ContactId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_segment_members_segment")
                            .from(SegmentMembers::Table, SegmentMembers::SegmentId)
                            .to(Segments::Table, Segments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_segment_members_contact")
                            .from(SegmentMembers::Table, SegmentMembers::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A contact's memberships: for merging and erasing people.
        manager
            .create_index(
                Index::create()
                    .name("idx_segment_members_contact")
                    .table(SegmentMembers::Table)
                    .col(SegmentMembers::ContactId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SegmentMembers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Segments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Segments {
    Table,
    Id,
    Name,
    Definition,
    EvaluatedAt,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SegmentMembers {
    Table,
    SegmentId,
    ContactId,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}
