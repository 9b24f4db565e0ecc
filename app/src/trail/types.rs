use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which entries to show: each filter left empty lets every entry through.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrailQuery {
    /// The user who acted.
    pub person: Option<Uuid>,
    /// `contact`, `deal`…
    pub record_type: String,
    pub record: Option<Uuid>,
    /// A part of the action's name (`update`, `deal.move`).
    pub action: String,
    /// The first and last day, `YYYY-MM-DD`, in the workspace's time zone.
    pub from: String,
    pub to: String,
    /// Where the page before ended (`TrailPage::next`).
    pub before: Option<String>,
}

/// One page of entries, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailPage {
    pub entries: Vec<TrailEntry>,
    /// The `before` of the next, older page, if there is one.
    pub next: Option<String>,
    /// Everyone who may have acted, for the person filter: (id, name).
    pub people: Vec<(Uuid, String)>,
    pub zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `None` for the system itself.
    pub who: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<Uuid>,
    /// The record's name as it is now, when the reader may see it and it still exists.
    pub record_label: Option<String>,
    pub changes: Vec<Change>,
}

/// One changed field: what it was and what it became, as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What a check of the chain found (see `core::audit::chain`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainCheck {
    /// Entries in the chain.
    pub linked: u64,
    /// The place of the first entry whose link does not hold.
    pub broken_at: Option<i64>,
}

/// Entries on a page of the screen.
pub const PAGE: u64 = 50;

/// The kinds of records the trail names, for the record filter.
pub const RECORD_TYPES: [&str; 12] = [
    "contact",
    "company",
    "deal",
    "task",
    "ticket",
    "campaign",
    "automation_rule",
    "import",
    "user",
    "settings",
    "desk",
    "backup",
];

/// The page of a record of this kind, if it has one.
pub fn record_href(record_type: &str, id: Uuid) -> Option<String> {
    let path = match record_type {
        "contact" => "contacts",
        "company" => "companies",
        "deal" => "deals",
        "ticket" => "tickets",
        _ => return None,
    };
    Some(format!("/{path}/{id}"))
}
