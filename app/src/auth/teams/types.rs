use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A team as the owner's page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub lead_id: Option<Uuid>,
    pub lead_name: Option<String>,
    /// Its people, by name.
    pub members: Vec<String>,
    pub version: i32,
}

/// A new team, or a change of one: its name, and its lead (empty: none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamForm {
    pub name: String,
    #[serde(default)]
    pub lead_id: String,
}
