//! Tasks and reminders: something to do by a time, for someone, often about a deal or a
//! contact. Its own feature because deals, contacts and (later) tickets all have them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
