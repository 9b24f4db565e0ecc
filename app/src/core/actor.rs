//! Who is acting: a user of the workspace, their role, and what the screens need to know of
//! them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::Locale;

/// What a user may do is decided by their role (see `policy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Manager,
    Sales,
    Support,
    Marketing,
}

crate::core::code::text_code!(Role {
    Owner => "owner",
    Manager => "manager",
    Sales => "sales",
    Support => "support",
    Marketing => "marketing",
});

/// A user as the rest of the app sees them: never with the password hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_id: Option<Uuid>,
    pub locale: Option<Locale>,
    pub time_zone: Option<String>,
    pub active: bool,
    /// Added without a password and has not chosen one through their link yet.
    pub invited: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

/// What the app shell needs to know about the visitor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: User,
    pub time_zone: String,
    pub company_name: String,
    /// What new money amounts are in unless the user picks another currency.
    pub base_currency: String,
}

/// The user a service acts for: signed in through a session, or acting without one (the
/// command line, or work done later on a user's behalf) with a nil session id.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub user: User,
    pub session_id: Uuid,
}

#[cfg(feature = "ssr")]
impl Actor {
    /// `user` acting without a session.
    pub fn without_session(user: User) -> Self {
        Actor {
            user,
            session_id: Uuid::nil(),
        }
    }
}

/// Where a request came from, for the user's list of sessions and the sign-in throttle.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct Device {
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The random name the browser keeps in a cookie, to tell a device seen before from a new
    /// one.
    pub id: Option<String>,
}
