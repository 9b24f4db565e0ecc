//! Webhooks: an owner subscribes a URL to kinds of events (a contact created, an order
//! refunded, a deal won), and Banyan posts each such event there, signed in the style of
//! Standard Webhooks, retried with backoff until the receiver takes it, and logged with the
//! receiver's answer.
//!
//! The outbox hands each event to [`service::fan_out`], which writes one delivery per
//! subscription that wants it; the server's sender posts the due deliveries. An event reaches a
//! subscription once, unless the receiver failed: the delivery's key is the pair of the two.

#[cfg(feature = "ssr")]
pub mod address;
pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod signature;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod types;
pub mod views;
