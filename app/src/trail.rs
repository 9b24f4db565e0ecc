//! The audit trail, read: who changed what and when, for owners and managers, filtered by
//! person, record, action and time, on its own screen, on each record's page and as CSV; and
//! whether the chain of entries still holds (see `core::audit::chain`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod types;
pub mod views;
