//! Satisfaction: when a ticket is solved the requester is mailed a signed link to a public
//! page where they rate the help 1 to 5, with a comment; the score shows on the ticket.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
