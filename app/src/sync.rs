//! Offline work in the field. A rep's device keeps their open deals, contacts and tasks, and
//! asks what changed since it last asked; what they do without a network is replayed in order
//! through the same services as the screens when it comes back. Each write is applied at most
//! once; a write made on an older copy of a deal is merged field by field, and where the same
//! field changed on both sides the user decides.

pub mod api;
#[cfg(feature = "hydrate")]
pub mod copy;
#[cfg(feature = "hydrate")]
mod decide;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod field;
#[cfg(feature = "hydrate")]
pub mod kept;
#[cfg(feature = "ssr")]
mod merge;
#[cfg(feature = "hydrate")]
mod queue;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod types;
pub mod views;
