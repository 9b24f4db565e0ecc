//! Accounts, sessions, roles and the access policy.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod password_link;
pub mod policy;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(test)]
mod tests;
#[cfg(feature = "ssr")]
pub mod throttle;
pub mod types;
pub mod views;
