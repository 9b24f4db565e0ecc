//! Saved segments: customers picked out by rules over their fields, by their RFM segment, or
//! as a fixed list (a cluster when it was saved), kept under a name with the contacts they
//! held when last evaluated. The contact list filters by them (and so lists and exports their
//! members); campaigns take them as audiences.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
