use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One named view of a list: `query` is the list address's query string (`?q=…`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: Uuid,
    pub name: String,
    pub query: String,
}
