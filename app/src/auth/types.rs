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

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Manager,
        Role::Sales,
        Role::Support,
        Role::Marketing,
    ];

    /// The name stored in the database and sent in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Sales => "sales",
            Role::Support => "support",
            Role::Marketing => "marketing",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }
}

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

/// One signed-in device of the current user, for the "your sessions" list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub current: bool,
}

/// Whether this installation still needs its first owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetupState {
    NeedsOwner,
    Ready,
}

/// First-run setup: the workspace and its owner, in one form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SetupForm {
    pub company_name: String,
    pub country: String,
    pub time_zone: String,
    pub base_currency: String,
    pub default_locale: String,
    pub name: String,
    pub email: String,
    pub password: String,
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

/// What the app shell needs to know about the visitor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: User,
    pub time_zone: String,
    pub company_name: String,
    /// What new money amounts are in unless the user picks another currency.
    pub base_currency: String,
}
