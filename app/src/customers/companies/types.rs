use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A company with everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub industry: Option<String>,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub external_id: Option<String>,
    /// How many live contacts work there.
    pub people: u64,
    pub archived: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One line of the companies list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyRow {
    pub id: Uuid,
    pub name: String,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub owner_name: Option<String>,
    pub people: u64,
}

/// What the list shows: a search, an owner, and where to resume.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompanyQuery {
    pub q: String,
    pub owner: Option<Uuid>,
    /// The cursor of the last row of the previous page.
    pub after: Option<String>,
}

impl CompanyQuery {
    /// The query a list address (`/companies?q=…`) describes; a value that means nothing is
    /// left out.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let param = |name: &str| {
            param(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        CompanyQuery {
            q: param("q").unwrap_or_default(),
            owner: param("owner").and_then(|id| Uuid::parse_str(&id).ok()),
            after: param("after"),
        }
    }
}

/// One page of the list and the cursor of the next, if there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyPage {
    pub rows: Vec<CompanyRow>,
    pub next: Option<String>,
}

/// The company form as posted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompanyForm {
    pub name: String,
    pub website: String,
    pub email: String,
    pub phone: String,
    pub city: String,
    /// A two-letter ISO 3166 code.
    pub country: String,
    pub industry: String,
    pub owner_id: String,
}
