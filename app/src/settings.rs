//! The workspace's settings: company name, country, time zone, base currency, language, and
//! the access rule for sales staff. Only the owner changes them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod rates;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
