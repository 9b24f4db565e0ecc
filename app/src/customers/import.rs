//! Importing companies, contacts and orders from CSV files: upload, column mapping, a
//! preview of the cleaned rows, then a background job that writes them in bounded batches
//! and can resume after a crash.

pub mod api;
pub mod columns;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
mod rows;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
#[cfg(feature = "ssr")]
mod write;

#[cfg(all(test, feature = "ssr"))]
mod tests;
