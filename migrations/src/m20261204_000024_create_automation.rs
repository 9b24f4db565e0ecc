use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Automation rules (when this happens, if these hold, do that) and their runs: one per rule
/// and outbox event, so an event handled twice acts once, and a failed run shows why.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AutomationRules::Table)
                    .col(pk_uuid(AutomationRules::Id))
                    .col(string_len(AutomationRules::Name, 100))
                    // The outbox topic that starts it (`deal.won`).
                    .col(string_len(AutomationRules::Trigger, 40))
                    // Conditions and actions as JSON.
                    .col(text(AutomationRules::Conditions))
                    .col(text(AutomationRules::Actions))
                    .col(boolean(AutomationRules::Enabled))
                    .col(uuid_null(AutomationRules::CreatedBy))
                    .col(integer(AutomationRules::Version))
                    .col(timestamp_with_time_zone(AutomationRules::CreatedAt))
                    .col(timestamp_with_time_zone(AutomationRules::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_rules_created_by")
                            .from(AutomationRules::Table, AutomationRules::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The worker looks up the enabled rules of one trigger for every event.
        manager
            .create_index(
                Index::create()
                    .name("idx_automation_rules_trigger")
                    .table(AutomationRules::Table)
                    .col(AutomationRules::Trigger)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AutomationRuns::Table)
                    .col(pk_uuid(AutomationRuns::Id))
                    .col(uuid(AutomationRuns::RuleId))
                    .col(uuid(AutomationRuns::EventId))
                    // The contact it acted on; kept without a key, as erasing them leaves
                    // the run without a name.
                    .col(uuid_null(AutomationRuns::ContactId))
                    // done or failed.
                    .col(string_len(AutomationRuns::Status, 8))
                    .col(integer(AutomationRuns::Attempts))
                    // What each action did, as JSON.
                    .col(text(AutomationRuns::Outcome))
                    .col(text_null(AutomationRuns::Error))
                    .col(timestamp_with_time_zone(AutomationRuns::CreatedAt))
                    .col(timestamp_with_time_zone(AutomationRuns::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_runs_rule")
                            .from(AutomationRuns::Table, AutomationRuns::RuleId)
                            .to(AutomationRules::Table, AutomationRules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The key that makes a rule act once per event; it also serves the lookup.
        manager
            .create_index(
                Index::create()
                    .name("idx_automation_runs_rule_event")
                    .table(AutomationRuns::Table)
                    .col(AutomationRuns::RuleId)
                    .col(AutomationRuns::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A rule's run log, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_automation_runs_rule_updated")
                    .table(AutomationRuns::Table)
                    .col(AutomationRuns::RuleId)
                    .col(AutomationRuns::UpdatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AutomationRuns::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AutomationRules::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AutomationRules {
    Table,
    Id,
    Name,
    Trigger,
    Conditions,
    Actions,
    Enabled,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AutomationRuns {
    Table,
    Id,
    RuleId,
    EventId,
    ContactId,
    Status,
    Attempts,
    Outcome,
    Error,
    CreatedAt,
    UpdatedAt,
}
