use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::events::topics;

/// The events an owner may subscribe a URL to: what another system acts on. Mail, campaign
/// starts and imports are Banyan's own business.
pub const TOPICS: [&str; 18] = [
    topics::CONTACT_CREATED,
    topics::CONTACT_UPDATED,
    topics::CONTACT_MERGED,
    topics::CONTACT_ERASED,
    topics::CONTACT_UNSUBSCRIBED,
    topics::CONTACT_RESUBSCRIBED,
    topics::COMPANY_UPDATED,
    topics::INTERACTION_CREATED,
    topics::ORDER_CREATED,
    topics::ORDER_UPDATED,
    topics::DEAL_CREATED,
    topics::DEAL_UPDATED,
    topics::DEAL_MOVED,
    topics::DEAL_WON,
    topics::DEAL_LOST,
    topics::TICKET_CREATED,
    topics::TICKET_UPDATED,
    topics::TICKET_RATED,
];

/// A subscription as its settings page lists it: never its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub description: String,
    pub topics: Vec<String>,
    /// Paused subscriptions get no new deliveries.
    pub active: bool,
    pub allow_private: bool,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

/// A new subscription and the secret its receiver checks signatures with, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    pub secret: String,
}

/// What the form asks for a new subscription.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookForm {
    pub url: String,
    pub description: String,
    pub topics: Vec<String>,
    /// Whether the URL may point inside the server's own network (a receiver on the same
    /// machine or LAN).
    pub allow_private: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first attempt or its next one.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// The receiver failed every attempt; "send again" tries anew.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }
}

/// One event on its way to one subscription, with the receiver's last answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: Uuid,
    pub topic: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When a pending delivery is tried next.
    pub next_at: DateTime<Utc>,
    /// The receiver's HTTP status, if it answered.
    pub response_status: Option<i32>,
    /// The start of the receiver's answer, or why there was none (a refused connection).
    pub response: Option<String>,
}
