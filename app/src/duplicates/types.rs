use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why two contacts may be the same person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    SameEmail,
    SamePhone,
    /// Alike names of people at the same company.
    NameAtCompany,
    /// Alike names of people in the same city.
    NameInCity,
}

/// A contact as the duplicates screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub city: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Contacts that may be one person: how sure (0–100) and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    pub contacts: Vec<Candidate>,
    pub score: u8,
    pub reasons: Vec<Reason>,
}

/// The most likely groups, and how many there are in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Duplicates {
    pub groups: Vec<DuplicateGroup>,
    pub total: u64,
}

/// A merge as posted: who survives, the contacts with the version of each as the user saw it
/// (`versions[i]` is that of `contacts[i]`), and for each field the contact whose value to keep
/// (the survivor's where none is named).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MergeForm {
    pub survivor: Uuid,
    pub contacts: Vec<Uuid>,
    pub versions: Vec<i32>,
    #[serde(default)]
    pub choices: BTreeMap<String, Uuid>,
}

/// A merge in a contact's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeRecord {
    pub id: Uuid,
    pub merged: Vec<String>,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
    pub undone: bool,
}

/// The fields a merge chooses between, by their form names.
pub const MERGE_FIELDS: [&str; 11] = [
    "name",
    "given_name",
    "family_name",
    "email",
    "phone",
    "wechat_id",
    "city",
    "company",
    "lifecycle",
    "source",
    "owner_id",
];
