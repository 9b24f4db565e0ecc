use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Campaigns and their recipients: the audience is frozen into one row per contact when
/// sending starts, with the contacts left out (unsubscribed, no consent, no address) kept as
/// rows too, so the counts add up and nobody is mailed twice.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .col(pk_uuid(Campaigns::Id))
                    .col(string_len(Campaigns::Name, 120))
                    .col(text_null(Campaigns::Goal))
                    // Email only for now; the column leaves room for text messages.
                    .col(string_len(Campaigns::Channel, 16))
                    .col(uuid_null(Campaigns::SegmentId))
                    .col(string_len(Campaigns::Subject, 200))
                    .col(text(Campaigns::Html))
                    .col(text(Campaigns::Body))
                    .col(integer(Campaigns::PerMinute))
                    .col(string_len(Campaigns::Status, 16))
                    .col(timestamp_with_time_zone_null(Campaigns::ScheduledAt))
                    .col(uuid_null(Campaigns::ScheduledBy))
                    .col(timestamp_with_time_zone_null(Campaigns::StartedAt))
                    .col(timestamp_with_time_zone_null(Campaigns::FinishedAt))
                    .col(integer(Campaigns::Run))
                    .col(uuid_null(Campaigns::CreatedBy))
                    .col(integer(Campaigns::Version))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .col(timestamp_with_time_zone(Campaigns::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaigns_segment")
                            .from(Campaigns::Table, Campaigns::SegmentId)
                            .to(Segments::Table, Segments::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaigns_scheduled_by")
                            .from(Campaigns::Table, Campaigns::ScheduledBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaigns_created_by")
                            .from(Campaigns::Table, Campaigns::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The list shows the newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_campaigns_created_at")
                    .table(Campaigns::Table)
                    .col(Campaigns::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampaignRecipients::Table)
                    .col(pk_uuid(CampaignRecipients::Id))
                    .col(uuid(CampaignRecipients::CampaignId))
                    .col(uuid(CampaignRecipients::ContactId))
                    .col(string_len_null(CampaignRecipients::Email, 254))
                    .col(string_len(CampaignRecipients::Status, 16))
                    .col(string_len_null(CampaignRecipients::Excluded, 16))
                    .col(integer(CampaignRecipients::Position))
                    .col(string_len_null(CampaignRecipients::MessageId, 300))
                    .col(timestamp_with_time_zone_null(CampaignRecipients::SentAt))
                    .col(text_null(CampaignRecipients::Error))
                    .col(timestamp_with_time_zone_null(
                        CampaignRecipients::UnsubscribedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_recipients_campaign")
                            .from(CampaignRecipients::Table, CampaignRecipients::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_recipients_contact")
                            .from(CampaignRecipients::Table, CampaignRecipients::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One row per person and campaign: what makes sending twice impossible to store.
        manager
            .create_index(
                Index::create()
                    .name("idx_campaign_recipients_contact")
                    .table(CampaignRecipients::Table)
                    .col(CampaignRecipients::CampaignId)
                    .col(CampaignRecipients::ContactId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Counting a campaign's recipients by status, and finding those still to send.
        manager
            .create_index(
                Index::create()
                    .name("idx_campaign_recipients_status")
                    .table(CampaignRecipients::Table)
                    .col(CampaignRecipients::CampaignId)
                    .col(CampaignRecipients::Status)
                    .col(CampaignRecipients::Position)
                    .to_owned(),
            )
            .await?;
        // Erasing and merging people.
        manager
            .create_index(
                Index::create()
                    .name("idx_campaign_recipients_contact_id")
                    .table(CampaignRecipients::Table)
                    .col(CampaignRecipients::ContactId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CampaignRecipients::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Campaigns::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Name,
    Goal,
    Channel,
    SegmentId,
    Subject,
    Html,
    Body,
    PerMinute,
    Status,
    ScheduledAt,
    ScheduledBy,
    StartedAt,
    FinishedAt,
    Run,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CampaignRecipients {
    Table,
    Id,
    CampaignId,
    ContactId,
    Email,
    Status,
    Excluded,
    Position,
    MessageId,
    SentAt,
    Error,
    UnsubscribedAt,
}

#[derive(DeriveIden)]
enum Segments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}
