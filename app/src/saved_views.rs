//! Saved views: a user names a list as they have narrowed it (search, filters, order) and
//! opens it again in one tap. A view is the list's address, so it works without JavaScript
//! and every list can have them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
