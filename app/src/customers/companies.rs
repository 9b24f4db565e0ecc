//! Companies: the list, a company's page with its people and revenue, and its edit.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
