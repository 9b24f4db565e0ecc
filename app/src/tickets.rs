//! The service desk: tickets from email, the web form, the phone and the API, worked in an
//! inbox, answered in a thread of replies and internal notes.

pub mod api;
pub mod attachments;
pub mod desk;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod report;
pub mod satisfaction;
#[cfg(feature = "ssr")]
pub mod service;
pub mod sla;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod mail_tests;
#[cfg(all(test, feature = "ssr"))]
pub(crate) mod tests;
