//! Email campaigns: a draft with merge fields, sent to a saved segment whose members are frozen
//! when sending starts, through the mail outbox at a throttled pace, with a per-recipient
//! unsubscribe link and one-click unsubscribe headers.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod letter;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
