//! Customers: companies and the contacts who work there, with their history and orders.

pub mod api;
pub mod companies;
pub mod duplicates;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod history;
pub mod import;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
pub mod web_forms;

#[cfg(all(test, feature = "ssr"))]
pub(crate) mod tests;
