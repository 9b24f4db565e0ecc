//! What every feature needs and no feature owns: who is acting and what they may do, the
//! workspace's people and settings, versioned writes, the audit log, the outbox, the
//! database, the device's own storage and working without the server, files, mail and signed
//! links.
//!
//! The core knows no feature: nothing here imports from a feature's folder (the layering test
//! in `app/tests/layers.rs` checks it), so every feature can lean on it and none is in its way.

pub mod actor;
pub mod code;
pub mod events;
pub mod offline;
pub mod parse;
pub mod policy;
pub mod settings;
pub mod template;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod cursor;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "hydrate")]
pub mod device;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod memo;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod problem;
#[cfg(feature = "ssr")]
pub mod records;
#[cfg(feature = "ssr")]
pub mod signing;
#[cfg(feature = "ssr")]
pub mod users;
