//! A contact's history: what was said and done (calls, emails, meetings, notes, SMS) and what
//! they bought, on one timeline with their order totals.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod held;
#[cfg(feature = "ssr")]
pub mod orders;
#[cfg(feature = "ssr")]
pub mod purchases;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod order_tests;
#[cfg(all(test, feature = "ssr"))]
mod tests;
