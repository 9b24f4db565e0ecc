//! Sales: pipelines and their stages, deals moving through them on the Kanban board.

pub mod api;
pub mod comments;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod pipelines;
pub mod placing;
#[cfg(feature = "ssr")]
pub mod rank;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
