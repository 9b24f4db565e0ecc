//! Backup and restore: a whole workspace, every table and every attached file, in one file
//! from which a restore makes the same workspace again, on SQLite or on PostgreSQL; made from
//! the command line, from Settings, and every day by the server when the owner asks for it.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod file;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod types;
pub mod views;
