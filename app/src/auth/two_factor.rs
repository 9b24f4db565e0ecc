//! Two-factor sign-in: after the password, a code from an authenticator app (RFC 6238) or one
//! of ten one-time recovery codes. The owner may require it of chosen roles; whoever must use
//! it and has not set it up does so as part of signing in, so there is no half-signed-in state.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod otp;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(test)]
mod tests;
pub mod types;
pub mod views;
