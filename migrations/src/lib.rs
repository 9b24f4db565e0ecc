//! The database schema, one migration per file. A landed migration is never edited: a change
//! to the schema is a new file.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_audit_log;
mod m20261125_000002_create_outbox;
mod m20261125_000003_create_users;
mod m20261125_000004_create_sessions;
mod m20261125_000005_create_settings;
mod m20261125_000006_create_customers;
mod m20261125_000007_create_history_and_orders;
mod m20261125_000008_create_saved_views;
mod m20261125_000009_create_import_jobs;
mod m20261125_000010_create_contact_merges;
mod m20261125_000011_create_web_forms;
mod m20261202_000012_create_deals;
mod m20261202_000013_create_tasks_and_comments;
mod m20261202_000014_create_tickets;
mod m20261202_000015_add_ticket_clocks;
mod m20261202_000016_add_ticket_mail;
mod m20261202_000017_add_web_form_tickets;
mod m20261203_000018_create_service_hours;
mod m20261203_000019_add_ticket_notifications;
mod m20261203_000020_create_ticket_attachments;
mod m20261203_000021_create_segments;
mod m20261203_000022_create_campaigns;
mod m20261203_000023_create_campaign_events;
mod m20261204_000024_create_automation;
mod m20261204_000025_add_mail_tracking_setting;
mod m20261206_000026_add_today_indexes;
mod m20261206_000027_add_daily_digest;
mod m20261206_000028_add_figure_indexes;
mod m20261206_000029_add_own_deal_indexes;
mod m20261206_000030_count_order_changes;
mod m20261207_000031_create_synced_writes;
mod m20261207_000032_add_changed_indexes;
mod m20261207_000033_add_team_leads;
mod m20261207_000034_create_backup_schedule;
mod m20261207_000035_chain_audit_log;
mod m20261207_000036_widen_deal_rank;
mod m20261207_000037_add_two_factor;
mod m20261207_000038_chain_audit_values;
mod m20261207_000039_create_api_tokens;
mod m20261207_000040_create_api_requests;
mod m20261207_000041_add_order_external_id;
mod m20261208_000042_create_webhooks;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_audit_log::Migration),
            Box::new(m20261125_000002_create_outbox::Migration),
            Box::new(m20261125_000003_create_users::Migration),
            Box::new(m20261125_000004_create_sessions::Migration),
            Box::new(m20261125_000005_create_settings::Migration),
            Box::new(m20261125_000006_create_customers::Migration),
            Box::new(m20261125_000007_create_history_and_orders::Migration),
            Box::new(m20261125_000008_create_saved_views::Migration),
            Box::new(m20261125_000009_create_import_jobs::Migration),
            Box::new(m20261125_000010_create_contact_merges::Migration),
            Box::new(m20261125_000011_create_web_forms::Migration),
            Box::new(m20261202_000012_create_deals::Migration),
            Box::new(m20261202_000013_create_tasks_and_comments::Migration),
            Box::new(m20261202_000014_create_tickets::Migration),
            Box::new(m20261202_000015_add_ticket_clocks::Migration),
            Box::new(m20261202_000016_add_ticket_mail::Migration),
            Box::new(m20261202_000017_add_web_form_tickets::Migration),
            Box::new(m20261203_000018_create_service_hours::Migration),
            Box::new(m20261203_000019_add_ticket_notifications::Migration),
            Box::new(m20261203_000020_create_ticket_attachments::Migration),
            Box::new(m20261203_000021_create_segments::Migration),
            Box::new(m20261203_000022_create_campaigns::Migration),
            Box::new(m20261203_000023_create_campaign_events::Migration),
            Box::new(m20261204_000024_create_automation::Migration),
            Box::new(m20261204_000025_add_mail_tracking_setting::Migration),
            Box::new(m20261206_000026_add_today_indexes::Migration),
            Box::new(m20261206_000027_add_daily_digest::Migration),
            Box::new(m20261206_000028_add_figure_indexes::Migration),
            Box::new(m20261206_000029_add_own_deal_indexes::Migration),
            Box::new(m20261206_000030_count_order_changes::Migration),
            Box::new(m20261207_000031_create_synced_writes::Migration),
            Box::new(m20261207_000032_add_changed_indexes::Migration),
            Box::new(m20261207_000033_add_team_leads::Migration),
            Box::new(m20261207_000034_create_backup_schedule::Migration),
            Box::new(m20261207_000035_chain_audit_log::Migration),
            Box::new(m20261207_000036_widen_deal_rank::Migration),
            Box::new(m20261207_000037_add_two_factor::Migration),
            Box::new(m20261207_000038_chain_audit_values::Migration),
            Box::new(m20261207_000039_create_api_tokens::Migration),
            Box::new(m20261207_000040_create_api_requests::Migration),
            Box::new(m20261207_000041_add_order_external_id::Migration),
            Box::new(m20261208_000042_create_webhooks::Migration),
        ]
    }
}
