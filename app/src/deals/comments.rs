//! Comments on deals, where teammates talk about them and call each other in with @name.

pub mod api;
pub mod mentions;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
