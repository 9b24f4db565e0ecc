//! What happened in Banyan that someone outside the request must act on: mail to send, rules
//! to run, campaigns to start (and, next, webhooks to call and devices to bring up to date).
//! Services write an [`Event`] to the outbox in the transaction of the change; the jobs read
//! it back typed. Each event is stored as its topic and a JSON payload, and reads back from
//! rows written before it had a type: fields added since then have defaults.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use clean::money::Money;

/// Declares the events once: the variants, their topics as constants, and the topic of each.
macro_rules! events {
    ($($(#[$doc:meta])* $variant:ident($payload:ty) = $constant:ident $topic:literal,)*) => {
        /// Everything the outbox carries.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "topic", content = "payload")]
        pub enum Event {
            $($(#[$doc])* #[serde(rename = $topic)] $variant($payload),)*
        }

        /// The topic of each event, as stored in the outbox.
        pub mod topics {
            $(pub const $constant: &str = $topic;)*
        }

        impl Event {
            pub fn topic(&self) -> &'static str {
                match self {
                    $(Event::$variant(_) => topics::$constant,)*
                }
            }
        }
    };
}

events! {
    /// A contact was added: typed in, imported one by one, mailed in, or through a web form.
    ContactCreated(ContactChange) = CONTACT_CREATED "contact.created",
    /// A contact's fields changed.
    ContactUpdated(ContactChange) = CONTACT_UPDATED "contact.updated",
    /// Contacts were merged into one.
    ContactMerged(Merged) = CONTACT_MERGED "contact.merged",
    /// A person was erased for a data-subject request.
    ContactErased(Record) = CONTACT_ERASED "contact.erased",
    /// A contact left every campaign through an unsubscribe link.
    ContactUnsubscribed(Subscription) = CONTACT_UNSUBSCRIBED "contact.unsubscribed",
    /// A contact came back to campaigns through the same page.
    ContactResubscribed(Subscription) = CONTACT_RESUBSCRIBED "contact.resubscribed",
    CompanyUpdated(Named) = COMPANY_UPDATED "company.updated",
    /// A call, mail, meeting, note or message was logged in a contact's history.
    InteractionCreated(Interaction) = INTERACTION_CREATED "interaction.created",
    OrderCreated(Order) = ORDER_CREATED "order.created",
    /// An order was paid, shipped, cancelled or refunded, or its note changed.
    OrderUpdated(Order) = ORDER_UPDATED "order.updated",
    /// An import of a file finished, with its counts.
    ImportFinished(Import) = IMPORT_FINISHED "import.finished",
    DealCreated(Titled) = DEAL_CREATED "deal.created",
    /// A deal's title, amount, close date, company or owner changed.
    DealUpdated(Titled) = DEAL_UPDATED "deal.updated",
    /// A deal moved to another open stage.
    DealMoved(DealMove) = DEAL_MOVED "deal.stage_changed",
    DealWon(DealMove) = DEAL_WON "deal.won",
    DealLost(DealMove) = DEAL_LOST "deal.lost",
    /// A deal was given to someone else.
    DealReassigned(Reassigned) = DEAL_REASSIGNED "deal.reassigned",
    DealCommented(Comment) = DEAL_COMMENTED "deal.commented",
    /// Someone opened a ticket (an agent, the web form, the API).
    TicketCreated(TicketOpened) = TICKET_CREATED "ticket.created",
    /// A customer's mail arrived on a ticket.
    TicketReceived(TicketMessage) = TICKET_RECEIVED "ticket.received",
    /// An agent answered a customer.
    TicketReplied(TicketMessage) = TICKET_REPLIED "ticket.replied",
    /// A ticket's status or assignee changed.
    TicketUpdated(TicketChange) = TICKET_UPDATED "ticket.updated",
    /// A customer rated how the desk did.
    TicketRated(Rating) = TICKET_RATED "ticket.rated",
    /// A scheduled campaign's time came.
    CampaignStart(CampaignRun) = CAMPAIGN_START "campaign.start",
    /// One campaign message to one recipient, in one run of the campaign.
    CampaignMail(CampaignRun) = CAMPAIGN_MAIL "email.campaign",
    /// A campaign sent to its author as one contact would get it.
    CampaignTestMail(CampaignTest) = CAMPAIGN_TEST_MAIL "email.campaign_test",
    /// An agent's reply, mailed to the customer: the message's id.
    TicketReplyMail(Record) = TICKET_REPLY_MAIL "email.ticket_reply",
    /// The survey of a solved ticket: the ticket's id.
    TicketSurveyMail(Record) = TICKET_SURVEY_MAIL "email.ticket_survey",
    /// A mail an automation rule sends a contact.
    AutomationMail(RuleMail) = AUTOMATION_MAIL "email.automation",
    /// A person's daily digest of their overdue tasks and stalled deals.
    DigestMail(Digest) = DIGEST_MAIL "email.digest",
}

/// What the outbox delivers by mail.
pub const MAIL_TOPICS: &str = "email.";

impl Event {
    /// The JSON stored beside the topic.
    pub fn payload(&self) -> Result<Value, serde_json::Error> {
        match serde_json::to_value(self)? {
            Value::Object(mut tagged) => Ok(tagged.remove("payload").unwrap_or(Value::Null)),
            other => Ok(other),
        }
    }

    /// The event a stored row holds; an error for a topic this build does not know, or a
    /// payload it cannot read.
    pub fn read(topic: &str, payload: &Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(serde_json::json!({ "topic": topic, "payload": payload }))
    }
}

/// Any record, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: Uuid,
}

/// A record with a name, at a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: Uuid,
    pub name: String,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChange {
    pub id: Uuid,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub version: i32,
    /// The web form the contact came in through, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    /// The contact that stays.
    pub id: Uuid,
    pub merged: Vec<Uuid>,
    pub merge_id: Uuid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// The contact.
    pub id: Uuid,
    /// The campaign whose link they followed.
    pub campaign: Uuid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: Uuid,
    pub contact_id: Uuid,
    /// Call, email, meeting, note or SMS, as stored.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub number: String,
    pub amount: Money,
    /// Pending, paid, fulfilled, cancelled or refunded, as stored.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Import {
    pub id: Uuid,
    /// The counts of the job: created, updated, skipped and rejected rows.
    pub summary: Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Titled {
    pub id: Uuid,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealMove {
    pub id: Uuid,
    pub title: String,
    pub stage_id: Uuid,
    /// Who moved it.
    pub by: Uuid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reassigned {
    pub id: Uuid,
    pub title: String,
    pub owner_id: Option<Uuid>,
    pub by: Uuid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// The deal.
    pub id: Uuid,
    pub comment: Uuid,
    /// The users it mentions.
    pub mentions: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketOpened {
    pub id: Uuid,
    pub number: i64,
    /// Email, web, phone or API, as stored.
    pub channel: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketMessage {
    pub id: Uuid,
    pub message: Uuid,
    /// The ticket's status after it, as stored.
    pub status: String,
    /// The attachments it carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketChange {
    pub id: Uuid,
    pub status: String,
    pub assignee: Option<Uuid>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub id: Uuid,
    pub number: i64,
    /// From 1 (bad) to 5 (great).
    pub score: u8,
}

/// A campaign (to start) or one of its recipients (to mail), in the run it belongs to: a
/// campaign paused and resumed starts a new run, and what was queued before is not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRun {
    pub id: Uuid,
    pub run: i32,
}

/// The campaign as `contact` gets it, mailed to `user`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignTest {
    pub campaign: Uuid,
    pub contact: Uuid,
    pub user: Uuid,
}

/// A rule's mail to a contact, written when the rule ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMail {
    /// Gives the mail its `Message-ID`, the same on every attempt.
    pub id: Uuid,
    pub contact: Uuid,
    pub subject: String,
    pub text: String,
}

/// Whose digest, for which of their days: the day gives the mail its `Message-ID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub user: Uuid,
    pub day: chrono::NaiveDate,
}

/// An event that comes due later than now (a campaign's paced messages, its start).
pub type Due = (Event, DateTime<Utc>);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_event_is_stored_as_its_topic_and_payload_and_reads_back() {
        let won = Event::DealWon(DealMove {
            id: Uuid::from_u128(1),
            title: "年度合同".into(),
            stage_id: Uuid::from_u128(2),
            by: Uuid::from_u128(3),
        });
        assert_eq!(won.topic(), "deal.won");
        let payload = won.payload().unwrap();
        assert_eq!(payload["title"], "年度合同");
        assert_eq!(Event::read(won.topic(), &payload).unwrap(), won);
    }

    #[test]
    fn rows_written_before_the_types_still_read() {
        // A contact mailed in carried only its id.
        let old = json!({ "id": Uuid::from_u128(7) });
        let Event::ContactCreated(contact) = Event::read("contact.created", &old).unwrap() else {
            panic!("a created contact");
        };
        assert_eq!(contact.id, Uuid::from_u128(7));
        assert_eq!(contact.form, None);
    }

    #[test]
    fn an_unknown_topic_is_an_error_not_a_panic() {
        assert!(Event::read("deal.teleported", &json!({ "id": Uuid::nil() })).is_err());
    }
}
