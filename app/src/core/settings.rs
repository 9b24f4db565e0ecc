//! The workspace's settings: company name, country, time zone, base currency, language, the
//! access rule for sales staff, and the exchange rates into the base currency. Every feature
//! reads them; only the owner changes them (the workspace's settings page).

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod rates;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
