//! The service report: how many tickets met their first-response and resolution targets, by
//! priority and by agent, and how satisfied their requesters were, over a span of days.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
