//! What crosses the wire about tickets, and the rules both sides share: which status may
//! follow which, and how a canned reply fills in its placeholders.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tickets::attachments::types::Attachment;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    New,
    Open,
    /// Waiting on the customer: the SLA clock stands still.
    Pending,
    Solved,
    /// Final: a solved ticket that nobody reopened.
    Closed,
}

crate::core::code::text_code!(Status {
    New => "new",
    Open => "open",
    Pending => "pending",
    Solved => "solved",
    Closed => "closed",
});

impl Status {
    /// Still someone's work.
    pub fn is_active(self) -> bool {
        matches!(self, Status::New | Status::Open | Status::Pending)
    }

    /// Whether an agent may move a ticket from `self` to `to`. Nothing goes back to new, a
    /// ticket is closed only once solved, and a closed one stays closed (a customer who writes
    /// again starts a follow-up).
    pub fn may_become(self, to: Status) -> bool {
        use Status::{Closed, New, Open, Pending, Solved};
        self == to
            || matches!(
                (self, to),
                (New | Open | Pending, Open | Pending | Solved) | (Solved, Open | Closed)
            )
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

crate::core::code::text_code!(Priority {
    Low => "low",
    Normal => "normal",
    High => "high",
    Urgent => "urgent",
});

/// How the customer reached us.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Web,
    #[default]
    Phone,
    Api,
}

crate::core::code::text_code!(Channel {
    Email => "email",
    Web => "web",
    Phone => "phone",
    Api => "api",
});

/// Who wrote a message in a thread, and who reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// From the customer.
    Incoming,
    /// From an agent to the customer.
    Reply,
    /// Between agents only; the customer never sees it.
    Note,
}

crate::core::code::text_code!(MessageKind {
    Incoming => "incoming",
    Reply => "reply",
    Note => "note",
});

/// The inbox's views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    Unassigned,
    #[default]
    Mine,
    /// New and open tickets: everyone's work in progress.
    Open,
    /// Active tickets with less than a fifth of their target left.
    AtRisk,
    /// Active tickets past their target.
    Breached,
    Pending,
    Solved,
    All,
}

crate::core::code::text_code!(View {
    Unassigned => "unassigned",
    Mine => "mine",
    Open => "open",
    AtRisk => "at_risk",
    Breached => "breached",
    Pending => "pending",
    Solved => "solved",
    All => "all",
});

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InboxQuery {
    pub view: View,
    #[serde(default)]
    pub q: String,
    /// The last row of the page before, to continue after it.
    #[serde(default)]
    pub after: Option<Uuid>,
}

/// A line of the inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: Uuid,
    pub number: i64,
    pub subject: String,
    pub requester: String,
    pub status: Status,
    pub priority: Priority,
    pub assignee_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The customer wrote since this user last opened the ticket.
    pub unread: bool,
    pub due: Due,
    /// What a change from the inbox is made over.
    pub version: i32,
}

/// The service-level target a ticket runs against now, if one does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub at: Option<DateTime<Utc>>,
    /// From then on less than a fifth of the target is left.
    pub risk: Option<DateTime<Utc>>,
}

/// How a ticket stands against its target at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// No target runs: solved, or waiting on the customer.
    Stopped,
    OnTrack,
    AtRisk,
    Breached,
}

impl Due {
    pub fn standing(self, now: DateTime<Utc>) -> Standing {
        match (self.at, self.risk) {
            (None, _) => Standing::Stopped,
            (Some(at), _) if at <= now => Standing::Breached,
            (_, Some(risk)) if risk <= now => Standing::AtRisk,
            _ => Standing::OnTrack,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub rows: Vec<TicketRow>,
    pub more: bool,
    /// The server's clock when it answered, so that countdowns start from the same moment on
    /// the server's page and in the browser.
    pub now: DateTime<Utc>,
}

/// How many tickets each view holds, for the tabs and the navigation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewCounts(pub Vec<(View, u64)>);

impl ViewCounts {
    pub fn of(&self, view: View) -> u64 {
        self.0
            .iter()
            .find(|(v, _)| *v == view)
            .map_or(0, |(_, n)| *n)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: Uuid,
    pub number: i64,
    pub subject: String,
    pub contact_id: Uuid,
    pub contact_name: String,
    pub contact_given_name: Option<String>,
    pub contact_email: Option<String>,
    pub company_id: Option<Uuid>,
    pub company_name: Option<String>,
    pub order_id: Option<Uuid>,
    pub order_number: Option<String>,
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub tags: Vec<String>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub solved_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub due: Due,
    /// The requester's rating, 1 to 5, from the link mailed when the ticket was solved.
    pub satisfaction: Option<u8>,
    pub satisfaction_comment: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: Uuid,
    pub kind: MessageKind,
    /// The agent who wrote it; the requester for incoming messages.
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// When the mail server took a public reply; none while it waits in the outbox.
    pub sent_at: Option<DateTime<Utc>>,
    pub attachments: Vec<Attachment>,
}

/// A ticket with its whole conversation, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    pub ticket: Ticket,
    pub messages: Vec<Message>,
    /// Whether the reader may reply, change and assign it.
    pub can_work: bool,
    /// The server's clock when it answered, for the countdowns.
    pub now: DateTime<Utc>,
}

/// A ticket an agent opens for a customer who called or wrote elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewTicket {
    pub contact_id: Option<Uuid>,
    pub subject: String,
    /// What the customer asked, in their words or the agent's.
    pub body: String,
    #[serde(default)]
    pub priority: String,
    #[serde(default)]
    pub assignee_id: String,
    #[serde(default)]
    pub order_id: String,
    /// How the customer reached the desk; a phone call when empty. The REST API opens its
    /// tickets through the same service with `api`.
    #[serde(default)]
    pub channel: String,
}

/// The fields beside the thread, as their form posts them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketPatch {
    pub status: String,
    pub priority: String,
    #[serde(default)]
    pub assignee_id: String,
    /// Comma-separated, as typed.
    #[serde(default)]
    pub tags: String,
}

/// A reply to the customer or an internal note, and the status the ticket takes with it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplyForm {
    pub body: String,
    #[serde(default)]
    pub note: bool,
    #[serde(default)]
    pub status: String,
    /// The agent's uploads that go with it.
    #[serde(default)]
    pub files: Vec<Uuid>,
}

/// The value of a bulk change's assignee that takes the tickets from whoever has them.
pub const NOBODY: &str = "nobody";

/// A change to several tickets at once, from the inbox; an empty field changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkChange {
    /// The tickets chosen, each with the version the inbox showed.
    #[serde(default)]
    pub picked: Vec<Seen>,
    /// A user's id, or [`NOBODY`].
    #[serde(default)]
    pub assignee: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub priority: String,
}

/// A ticket as a list showed it: its id and version, written `id:version` so that a form's
/// checkbox carries both in its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Seen {
    pub id: Uuid,
    pub version: i32,
}

impl From<Seen> for String {
    fn from(seen: Seen) -> String {
        format!("{}:{}", seen.id, seen.version)
    }
}

impl TryFrom<String> for Seen {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let bad = || format!("not a ticket and its version: {value}");
        let (id, version) = value.split_once(':').ok_or_else(bad)?;
        Ok(Seen {
            id: Uuid::parse_str(id).map_err(|_| bad())?,
            version: version.parse().map_err(|_| bad())?,
        })
    }
}

/// What a bulk change did, by ticket number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub changed: Vec<i64>,
    /// Changed by someone else since the inbox showed them: left as they are.
    pub stale: Vec<i64>,
    /// Their status cannot become the one chosen.
    pub refused: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CannedReply {
    pub id: Uuid,
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CannedForm {
    pub title: String,
    pub body: String,
}

/// What a canned reply's placeholders stand for on one ticket.
pub struct Placeholders<'a> {
    pub name: &'a str,
    pub first_name: Option<&'a str>,
    pub ticket: i64,
    pub subject: &'a str,
    pub agent: &'a str,
}

/// The placeholders agents may write, for the help under the composer.
pub const PLACEHOLDERS: &[&str] = &[
    "{{name}}",
    "{{first_name}}",
    "{{ticket}}",
    "{{subject}}",
    "{{agent}}",
];

/// A reply's or a canned reply's text for one ticket. `{{first_name}}` falls back to the whole
/// name, which is how most Chinese customers are addressed anyway; an unknown placeholder
/// stays as written, so a typo shows up in the thread instead of vanishing.
pub fn fill_placeholders(body: &str, with: &Placeholders) -> String {
    crate::core::template::fill(body, |key| match key {
        "name" => Some(with.name.to_owned()),
        "first_name" => Some(with.first_name.unwrap_or(with.name).to_owned()),
        "ticket" => Some(format!("#{}", with.ticket)),
        "subject" => Some(with.subject.to_owned()),
        "agent" => Some(with.agent.to_owned()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_move_forward_and_solved_ones_reopen() {
        assert!(Status::New.may_become(Status::Open));
        assert!(Status::Open.may_become(Status::Pending));
        assert!(Status::Pending.may_become(Status::Solved));
        assert!(Status::Solved.may_become(Status::Open));
        assert!(Status::Solved.may_become(Status::Closed));
        assert!(!Status::Open.may_become(Status::New));
        assert!(!Status::Open.may_become(Status::Closed));
        use crate::core::code::TextCode;
        for to in Status::ALL {
            assert_eq!(Status::Closed.may_become(*to), *to == Status::Closed);
        }
    }

    #[test]
    fn a_seen_ticket_reads_back_from_its_form_value() {
        let seen = Seen {
            id: Uuid::now_v7(),
            version: 7,
        };
        assert_eq!(Seen::try_from(String::from(seen)), Ok(seen));
        for bad in ["", "7", "not-a-uuid:1", &format!("{}:x", seen.id)] {
            assert!(Seen::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    /// Forms are read as `ActionForm` reads them; a key in brackets that starts with a digit
    /// is taken for a list index, so ids never go there.
    #[test]
    fn the_inbox_and_desk_forms_read_as_the_browser_posts_them() {
        fn read<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, serde_qs::Error> {
            serde_qs::Config::new(5, false).deserialize_str(query)
        }
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let bulk: crate::tickets::api::BulkUpdateTickets = read(&format!(
            "form[picked][1]={a}:3&form[picked][4]={b}:1&form[assignee]=nobody&form[status]=&form[priority]=high"
        ))
        .unwrap();
        assert_eq!(
            bulk.form.picked,
            [Seen { id: a, version: 3 }, Seen { id: b, version: 1 }]
        );
        assert_eq!(bulk.form.priority, "high");
        let desk: crate::tickets::desk::api::SaveDesk = read(
            "form[version]=2&form[days][0]=0&form[days][2]=2&form[opens]=09:00&form[closes]=18:00\
             &form[time_zone]=&form[targets][0][priority]=urgent&form[targets][0][first_response]=0.5\
             &form[targets][0][resolve]=4",
        )
        .unwrap();
        assert_eq!(desk.form.days, ["0", "2"]);
        assert_eq!(desk.form.targets[0].first_response, "0.5");
    }

    #[test]
    fn canned_replies_fill_their_placeholders() {
        let with = Placeholders {
            name: "张伟",
            first_name: None,
            ticket: 1042,
            subject: "发票",
            agent: "李娜",
        };
        assert_eq!(
            fill_placeholders(
                "{{first_name}}您好，工单 {{ticket}}（{{ subject }}）已处理。—{{agent}}",
                &with
            ),
            "张伟您好，工单 #1042（发票）已处理。—李娜"
        );
        let with = Placeholders {
            first_name: Some("Emily"),
            name: "Emily Chen",
            ..with
        };
        assert_eq!(fill_placeholders("Hi {{first_name}},", &with), "Hi Emily,");
        // Unknown and unclosed placeholders stay as typed.
        assert_eq!(
            fill_placeholders("{{nmae}} and {{name", &with),
            "{{nmae}} and {{name"
        );
    }
}
