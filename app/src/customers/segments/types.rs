//! What crosses the wire about saved segments.

use analytics::rfm::Segment;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::customers::types::ContactQuery;

/// Longest name of a segment.
pub const MAX_NAME: usize = 100;

/// How a segment picks its contacts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Definition {
    /// The contacts the contact list's search and filters select, as they are when evaluated.
    Rules(ContactQuery),
    /// Customers in these RFM segments, scored on the day the segment is evaluated.
    Rfm(Vec<Segment>),
    /// The contacts it was saved with, such as a cluster's: clusters are found afresh each
    /// time, so a saved one is kept as the people it held.
    Fixed,
}

impl Definition {
    /// Whether evaluating it again can change its members.
    pub fn refreshes(&self) -> bool {
        !matches!(self, Definition::Fixed)
    }
}

/// A saved segment as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSegment {
    pub id: Uuid,
    pub name: String,
    pub definition: Definition,
    /// Contacts it held when last evaluated.
    pub members: u32,
    pub evaluated_at: DateTime<Utc>,
    pub version: i32,
}

/// A segment to save: its members are evaluated from the definition, or, for a fixed list,
/// are the contacts given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewSegment {
    pub name: String,
    pub definition: Definition,
    pub contacts: Vec<Uuid>,
}
