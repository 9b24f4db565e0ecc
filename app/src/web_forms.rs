//! Lead capture from the business's own website: forms that post to `/f/{key}` and create
//! or update a contact with source "web" and the consent given.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
