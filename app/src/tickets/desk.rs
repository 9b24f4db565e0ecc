//! The desk's settings: the working days, hours and holidays its targets are counted in, and
//! the first-response and resolution targets of each priority, kept by owners and managers.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
