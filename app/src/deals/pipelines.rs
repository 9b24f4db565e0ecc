//! Pipelines and their stages: the columns of the board, set up by owners and managers.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
