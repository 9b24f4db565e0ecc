use serde::{Deserialize, Serialize};

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
