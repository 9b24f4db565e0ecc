use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::customers::types::Named;

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

impl Named for NotificationKind {
    const ALL: &'static [Self] = &[
        NotificationKind::Mention,
        NotificationKind::Assigned,
        NotificationKind::TicketAssigned,
    ];
    fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Mention => "mention",
            NotificationKind::Assigned => "assigned",
            NotificationKind::TicketAssigned => "ticket_assigned",
        }
    }
}

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

/// The counts the shell shows beside "Tasks", the inbox and the bell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badges {
    pub tasks_due: u64,
    /// Active tickets that are the user's or nobody's, for those who work tickets.
    pub tickets: u64,
    pub unread: u64,
}
