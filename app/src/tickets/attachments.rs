//! Files on tickets: the ones customers' mail brings, and the ones agents add to a reply or a
//! note. They are kept in the data folder, checked for what they are, and served only to
//! those who may read the ticket.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
