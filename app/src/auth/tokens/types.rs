use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An area of the API a token may read, or read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Contacts,
    Deals,
    Tickets,
    Campaigns,
}

impl Area {
    pub const ALL: [Area; 4] = [Area::Contacts, Area::Deals, Area::Tickets, Area::Campaigns];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Contacts => "contacts",
            Area::Deals => "deals",
            Area::Tickets => "tickets",
            Area::Campaigns => "campaigns",
        }
    }
}

/// What a token may do in one area: `contacts:read`, `contacts:write` (which reads too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub area: Area,
    pub write: bool,
}

impl Scope {
    pub fn parse(text: &str) -> Option<Scope> {
        let (area, access) = text.trim().split_once(':')?;
        let area = Area::ALL.into_iter().find(|a| a.as_str() == area)?;
        let write = match access {
            "read" => false,
            "write" => true,
            _ => return None,
        };
        Some(Scope { area, write })
    }

    pub fn code(self) -> String {
        let access = if self.write { "write" } else { "read" };
        format!("{}:{access}", self.area.as_str())
    }

    /// Whether a token of these scopes may do `asked`.
    pub fn allows(scopes: &[Scope], asked: Scope) -> bool {
        scopes
            .iter()
            .any(|s| s.area == asked.area && (s.write || !asked.write))
    }
}

/// A token as its maker's account page lists it: never the token itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new token and the secret to copy, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// What the form (or the command line) asks for a new token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenForm {
    pub name: String,
    /// `contacts:read`, `deals:write`…
    pub scopes: Vec<String>,
    /// Days until it expires; empty for never.
    pub expires_days: String,
}
