use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::actor::Role;

/// Where a right password leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LoginStep {
    /// Signed in: go to this path.
    Done(String),
    /// A code from the authenticator app finishes signing in; the ticket carries the signed-in
    /// password to that step.
    Code(String),
    /// The person's role requires a second factor and they have none: they set it up now.
    Enrol(Enrolment),
}

/// A new authenticator secret to scan, waiting for its first code to be turned on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Signed by the server, good for minutes: the person and the new secret.
    pub ticket: String,
    /// The secret in base32, for typing into an app whose camera cannot scan.
    pub key: String,
    /// The QR code of the `otpauth://` address, as SVG.
    pub qr_svg: String,
}

/// The signed-in person's second factor, for their account page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub on: bool,
    pub codes_left: u32,
    /// Their role requires it, so they cannot turn it off.
    pub required: bool,
}

/// The owner's view: the roles that require a second factor, and who has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorPolicy {
    pub required: Vec<Role>,
    /// `required` as stored, posted back with a change so that two owners' changes never
    /// overwrite each other unseen.
    pub was: String,
    pub people: Vec<PersonFactor>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonFactor {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub on: bool,
}
