//! Automation rules: when something happens (a deal won, a contact from a web form, a ticket
//! rated), if the rule's conditions hold, do its actions (add the contact to a list, create a
//! task, assign the contact to their company's owner, mail them). Rules act on the outbox's
//! events, once per rule and event, and keep a run log of what they did or why they failed.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
