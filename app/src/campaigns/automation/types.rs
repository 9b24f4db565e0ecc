//! What crosses the wire about automation rules, and the pure rules of when one applies.

use crate::core::code::TextCode;
use crate::core::events::topics;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest name of a rule.
pub const MAX_NAME: usize = 100;
/// Longest task title or mail subject a rule writes.
pub const MAX_TITLE: usize = 200;
/// Longest mail body a rule writes.
pub const MAX_BODY: usize = 20_000;
/// How far ahead a rule's task may fall due, in days.
pub const MAX_DAYS: u16 = 365;
/// Runs a rule's log shows, newest first.
pub const LOG_SIZE: u64 = 50;
/// What a rule's texts may say about the event, as `{{field}}`.
pub const MERGE_FIELDS: [&str; 6] = [
    "{{first_name}}",
    "{{name}}",
    "{{company}}",
    "{{owner_name}}",
    "{{deal}}",
    "{{ticket}}",
];

/// The event that starts a rule: an outbox topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    DealWon,
    DealLost,
    ContactCreated,
    TicketRated,
}

/// A trigger is stored as the topic of the event that pulls it.
impl TextCode for Trigger {
    const ALL: &'static [Self] = &[
        Trigger::DealWon,
        Trigger::DealLost,
        Trigger::ContactCreated,
        Trigger::TicketRated,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Trigger::DealWon => topics::DEAL_WON,
            Trigger::DealLost => topics::DEAL_LOST,
            Trigger::ContactCreated => topics::CONTACT_CREATED,
            Trigger::TicketRated => topics::TICKET_RATED,
        }
    }
}

/// What the rule checks about the event before it acts; all must hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The contact came in through a web form (not typed in, imported or mailed in).
    FromWebForm,
    /// The ticket was rated this score or lower (1 to 5).
    ScoreAtMost(u8),
    /// The contact carries this tag.
    HasTag(String),
}

impl Condition {
    /// Whether the condition can be asked of the trigger's events.
    pub fn applies_to(&self, trigger: Trigger) -> bool {
        match self {
            Condition::FromWebForm => trigger == Trigger::ContactCreated,
            Condition::ScoreAtMost(_) => trigger == Trigger::TicketRated,
            Condition::HasTag(_) => true,
        }
    }

    pub fn holds(&self, facts: &Facts) -> bool {
        match self {
            Condition::FromWebForm => facts.web_form,
            Condition::ScoreAtMost(max) => facts.score.is_some_and(|score| score <= *max),
            Condition::HasTag(tag) => facts
                .tags
                .iter()
                .any(|t| t.to_lowercase() == tag.to_lowercase()),
        }
    }
}

/// What an event says about its contact, for the conditions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub web_form: bool,
    pub score: Option<u8>,
    pub tags: Vec<String>,
}

/// Whom a rule's task is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskFor {
    /// The deal's owner, the ticket's assignee, or the contact's owner.
    Owner,
    /// The owner of the contact's company.
    CompanyOwner,
    /// One person, such as the manager.
    User(Uuid),
}

/// What a rule does; each runs once per event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Adds the contact to a list (a segment of fixed members).
    AddToList { segment: Uuid },
    /// Creates a task due `days` after the event, with merge fields in its title.
    CreateTask {
        title: String,
        days: u16,
        assignee: TaskFor,
    },
    /// Makes the owner of the contact's company the contact's owner.
    AssignCompanyOwner,
    /// Mails the contact, with merge fields in the subject and the text.
    SendEmail { subject: String, body: String },
}

/// A rule as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: Uuid,
    pub name: String,
    pub trigger: Trigger,
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
    /// The name of the list its `AddToList` action fills, if it has one.
    pub list_name: Option<String>,
    pub enabled: bool,
    pub version: i32,
}

/// A rule in the list of rules, with how its runs went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleLine {
    pub id: Uuid,
    pub name: String,
    pub trigger: Trigger,
    pub enabled: bool,
    pub done: u32,
    pub failed: u32,
    pub last_run_at: Option<DateTime<Utc>>,
}

/// A rule as its form posts it: one of each condition and each action, left empty when not
/// wanted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub version: String,
    pub name: String,
    pub trigger: String,
    #[serde(default)]
    pub enabled: Option<String>,
    #[serde(default)]
    pub web_form_only: Option<String>,
    #[serde(default)]
    pub score_max: String,
    #[serde(default)]
    pub tag: String,
    /// A list's name: an existing list, or a new one the rule starts.
    #[serde(default)]
    pub list: String,
    #[serde(default)]
    pub task_title: String,
    #[serde(default)]
    pub task_days: String,
    /// `owner`, `company_owner` or a user's id.
    #[serde(default)]
    pub task_for: String,
    #[serde(default)]
    pub assign_company_owner: Option<String>,
    #[serde(default)]
    pub mail_subject: String,
    #[serde(default)]
    pub mail_body: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Done,
    Failed,
}

crate::core::code::text_code!(RunStatus {
    Done => "done",
    Failed => "failed",
});

/// What one action did in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    AddedToList(String),
    /// A task with this title, for this person (nobody, if the rule's person is not known).
    TaskCreated {
        title: String,
        assignee: Option<String>,
    },
    AssignedTo(String),
    /// A mail queued to this address.
    Mailed(String),
    Skipped(Skip),
}

/// Why an action had nothing to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// The event has no contact (a deal without a person).
    NoContact,
    NoCompanyOwner,
    NoEmail,
    Unsubscribed,
}

/// One run of a rule: the event it acted on, and what came of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub status: RunStatus,
    pub attempts: u32,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub outcomes: Vec<Outcome>,
    /// Why the last attempt failed, for a run that has not succeeded yet.
    pub error: Option<Failure>,
}

/// Why a run failed; it is tried again with the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// The rule's list was deleted.
    ListGone,
    /// The person the rule's task is for was deactivated or removed.
    UserGone,
    /// Something else, such as the database, as it was reported.
    Other(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::code::TextCode;

    #[test]
    fn triggers_are_outbox_topics() {
        assert_eq!(Trigger::parse("deal.won"), Some(Trigger::DealWon));
        assert_eq!(Trigger::parse("ticket.rated"), Some(Trigger::TicketRated));
        assert_eq!(Trigger::parse("deal.updated"), None);
    }

    #[test]
    fn conditions_hold_only_on_their_facts() {
        let facts = Facts {
            web_form: true,
            score: Some(2),
            tags: vec!["VIP".into()],
        };
        assert!(Condition::FromWebForm.holds(&facts));
        assert!(Condition::ScoreAtMost(2).holds(&facts));
        assert!(!Condition::ScoreAtMost(1).holds(&facts));
        assert!(Condition::HasTag("vip".into()).holds(&facts));
        assert!(!Condition::HasTag("老客户".into()).holds(&facts));
        let typed_in = Facts::default();
        assert!(!Condition::FromWebForm.holds(&typed_in));
        assert!(
            !Condition::ScoreAtMost(5).holds(&typed_in),
            "no rating, no match"
        );
    }

    #[test]
    fn conditions_belong_to_their_triggers() {
        assert!(Condition::FromWebForm.applies_to(Trigger::ContactCreated));
        assert!(!Condition::FromWebForm.applies_to(Trigger::DealWon));
        assert!(Condition::ScoreAtMost(2).applies_to(Trigger::TicketRated));
        assert!(!Condition::ScoreAtMost(2).applies_to(Trigger::ContactCreated));
        assert!(Condition::HasTag("VIP".into()).applies_to(Trigger::DealLost));
    }
}
