//! Customers: companies and the contacts who work there, with their history and orders.

pub mod api;
pub mod companies;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod form;
pub mod history;
pub mod import;
mod labels;
pub mod segments;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
pub(crate) mod tests;
