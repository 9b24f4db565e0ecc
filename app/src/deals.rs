//! Sales: pipelines and their stages, deals moving through them on the Kanban board, and the
//! tasks that keep deals and contacts moving.

pub mod api;
pub mod comments;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod pipelines;
pub mod placing;
pub mod rank;
#[cfg(feature = "ssr")]
pub mod service;
pub mod tasks;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
