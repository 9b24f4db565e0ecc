//! Tasks and reminders: something to do by a time, for someone, about a deal or a contact.
//! They live with deals, where most are made and where the board shows the next one due;
//! contacts (and later tickets) reach them from above.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
