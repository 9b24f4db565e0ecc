use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a user is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A teammate wrote their name with an @ in a comment.
    Mention,
    /// A teammate made them the owner of a deal.
    Assigned,
    /// A teammate gave them a ticket.
    TicketAssigned,
}

crate::core::code::text_code!(NotificationKind {
    Mention => "mention",
    Assigned => "assigned",
    TicketAssigned => "ticket_assigned",
});

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    Deal(Uuid),
    Ticket(Uuid),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub actor_name: Option<String>,
    pub deal_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    /// The comment's first words, or the deal's or ticket's title.
    pub excerpt: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}
