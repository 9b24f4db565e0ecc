//! The automation screens: the rules, one rule's editor with its run log.

mod rule_form;
mod rule_page;
mod rules_page;
mod run_log;

pub use rule_page::{NewRulePage, RulePage};
pub use rules_page::RulesPage;

use super::types::Trigger;
use crate::i18n::Messages;

pub fn trigger_label(t: &Messages, trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::DealWon => t.automation_trigger_deal_won,
        Trigger::DealLost => t.automation_trigger_deal_lost,
        Trigger::ContactCreated => t.automation_trigger_contact_created,
        Trigger::TicketRated => t.automation_trigger_ticket_rated,
    }
}
