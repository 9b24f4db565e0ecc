//! The workspace as a whole: its first-run setup, which creates the settings, the default
//! pipeline and the owner at once, and the owner's settings page, which gathers what other
//! features let the owner configure (web forms among them).

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
