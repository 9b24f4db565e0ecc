//! The health of this installation, as an owner would check it: version, database, event backlog.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
