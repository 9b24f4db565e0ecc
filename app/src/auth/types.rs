use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::actor::{Role, User};

/// One signed-in device of the current user, for the "your sessions" list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub current: bool,
    /// Opened from a browser not used before by this person.
    pub new_device: bool,
}

/// A teammate just added; without a first password, with the link to choose one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedUser {
    pub user: User,
    pub link: Option<PasswordLink>,
}

/// A link to hand to a teammate, with which they choose their password once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Whom a password link greets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkHolder {
    pub name: String,
    pub email: String,
}

/// An owner adds a teammate, with a first password to hand over or none (then they get a link).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewUserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: String,
}

/// An owner changes a teammate's name, role or access.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserChange {
    pub name: String,
    pub role: Role,
    pub active: bool,
}
