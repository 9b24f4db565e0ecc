//! Accounts and sessions: signing in and out, passwords and their links, and the owner's
//! administration of users. Who may do what is the core's policy.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod password_link;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
pub mod teams;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(feature = "ssr")]
pub mod throttle;
pub mod tokens;
pub mod two_factor;
pub mod types;
pub mod views;
