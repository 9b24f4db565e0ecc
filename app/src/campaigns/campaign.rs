//! Email campaigns: a draft with merge fields, sent to a saved segment whose members are frozen
//! when sending starts, through the mail outbox at a throttled pace, with a per-recipient
//! unsubscribe link and one-click unsubscribe headers; opens and clicks are tracked per
//! recipient, and the report counts them with the orders and won deals that followed.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod letter;
pub mod links;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
