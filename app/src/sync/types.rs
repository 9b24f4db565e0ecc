use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::customers::history::types::{HistoryItem, InteractionForm};
use crate::customers::types::{Assignee, Contact, ContactForm};
use crate::deals::tasks::types::{Task, TaskForm};
use crate::deals::types::{Deal, Move, NewDeal, Pipeline};
use crate::error::AppError;
use clean::money::Money;
use clean::rates::Rates;

/// At most this many writes go in one request; a longer queue goes in several.
pub const BATCH: usize = 100;

/// One write made on the device, with the id the device gave it when the user made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub id: Uuid,
    pub write: Write,
}

/// A value as the device had it and as the user set it: what the server compares its own
/// value with to tell whose change it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change<T> {
    pub from: T,
    pub to: T,
}

/// What a rep can do in the field without a network. Records made on the device carry their
/// ids (UUID v7, as the server makes them) in their forms, so later writes can name them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Write {
    /// A card moved on the board, from the stage the device showed it in.
    MoveDeal {
        deal: Uuid,
        from: Uuid,
        to: Move,
    },
    /// A deal's fields edited: only those the user changed.
    EditDeal {
        deal: Uuid,
        edit: DealEdit,
    },
    AddDeal {
        deal: NewDeal,
    },
    /// A call, note or meeting logged with a contact.
    Log {
        contact: Uuid,
        form: InteractionForm,
    },
    AddTask {
        task: TaskForm,
    },
    SetTaskDone {
        task: Uuid,
        done: bool,
    },
    AddContact {
        contact: ContactForm,
    },
}

/// The fields of a deal that can be edited in the field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealEdit {
    #[serde(default)]
    pub title: Option<Change<String>>,
    #[serde(default)]
    pub amount: Option<Change<Money>>,
    #[serde(default)]
    pub expected_close: Option<Change<Option<NaiveDate>>>,
}

/// One field of a deal with its value, as a conflict shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum DealValue {
    Title(String),
    Amount(Money),
    ExpectedClose(Option<NaiveDate>),
    Stage { id: Uuid, name: String },
}

/// A field changed on the device and, differently, on the server since the device read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub deal: Uuid,
    pub mine: DealValue,
    pub theirs: DealValue,
    /// Who saved the server's value, and when, as the audit log tells.
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// What became of one write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// Applied, except the fields listed: they changed on the server too, and wait for the
    /// user to keep one value or the other.
    Conflicts(Vec<Conflict>),
    /// Not applied, for this reason (the deal is gone, the stage was removed, the rights were
    /// withdrawn, a field is wrong): the user discards it or copies what they wrote.
    Refused(AppError),
}

/// The answers to a batch, in the order of its writes. The server stops at a write it could
/// not answer for now (it is down, the session ended): that write and the ones after it stay
/// queued and go again later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Synced {
    pub outcomes: Vec<Outcome>,
    pub stopped: Option<AppError>,
}

/// A write the server did not apply as it was (a conflict, a refusal), kept on the device
/// until its user decides what becomes of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub queued: Queued,
    pub outcome: Outcome,
}

/// What waits on a device, with the names that tell its user what each write is about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waiting {
    pub queue: Vec<Queued>,
    pub decisions: Vec<Decision>,
    /// The titles of the deals the copy keeps, and the names of their stages.
    pub deals: HashMap<Uuid, String>,
    pub stages: HashMap<Uuid, String>,
}

/// What a device keeps for its user to work offline (their open deals, their contacts and
/// those of their deals with the newest of their history, their open tasks, the pipelines, the
/// people to assign, the exchange rates and the country), or what changed in it since the device last asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldData {
    /// The server's time of this answer, which the device shows as the time of its copy.
    pub at: DateTime<Utc>,
    /// What to ask from next time.
    pub cursor: DateTime<Utc>,
    /// Everything the device keeps, to replace what it held: it asked without a cursor.
    pub full: bool,
    pub pipelines: Vec<Pipeline>,
    pub people: Vec<Assignee>,
    /// The exchange rates, for the board's column totals.
    pub rates: Rates,
    /// The workspace's country, which phone numbers without a country code are read in.
    pub country: String,
    pub deals: Vec<FieldDeal>,
    pub contacts: Vec<Contact>,
    pub history: Vec<HistoryItem>,
    pub tasks: Vec<Task>,
    /// Deals, contacts and tasks the device no longer keeps: closed, given to someone else,
    /// archived, done or erased.
    pub gone: Vec<Uuid>,
}

/// A deal as a device keeps it: with its place in its column, to draw the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldDeal {
    pub deal: Deal,
    pub rank: String,
}
