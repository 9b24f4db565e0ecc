//! Customers: companies and the contacts who work there.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
