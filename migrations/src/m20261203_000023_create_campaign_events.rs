use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What readers did with a campaign's mail (opened it, clicked one of its links), one row
/// each time, for the report's counts, its timeline and its clicks by link; and what the
/// campaign cost, for its return.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            big_integer_null(Campaigns::CostMinor),
            string_len_null(Campaigns::CostCurrency, 3),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Campaigns::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CampaignEvents::Table)
                    .col(pk_uuid(CampaignEvents::Id))
                    .col(uuid(CampaignEvents::CampaignId))
                    .col(uuid(CampaignEvents::RecipientId))
                    // open or click.
                    .col(string_len(CampaignEvents::Kind, 8))
                    // The clicked link's place among the campaign's links.
                    .col(integer_null(CampaignEvents::Link))
                    .col(timestamp_with_time_zone(CampaignEvents::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_events_campaign")
                            .from(CampaignEvents::Table, CampaignEvents::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_events_recipient")
                            .from(CampaignEvents::Table, CampaignEvents::RecipientId)
                            .to(CampaignRecipients::Table, CampaignRecipients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The report reads one campaign's events; erasing a person, one recipient's.
        manager
            .create_index(
                Index::create()
                    .name("idx_campaign_events_campaign")
                    .table(CampaignEvents::Table)
                    .col(CampaignEvents::CampaignId)
                    .col(CampaignEvents::Kind)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_campaign_events_recipient")
                    .table(CampaignEvents::Table)
                    .col(CampaignEvents::RecipientId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CampaignEvents::Table).to_owned())
            .await?;
        for column in [Campaigns::CostMinor, Campaigns::CostCurrency] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Campaigns::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    CostMinor,
    CostCurrency,
}

#[derive(DeriveIden)]
enum CampaignRecipients {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CampaignEvents {
    Table,
    Id,
    CampaignId,
    RecipientId,
    Kind,
    Link,
    At,
}
