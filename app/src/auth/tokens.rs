//! API tokens: what another program (an ERP, a finance system) calls the REST API with. A
//! person makes one on their account page or with `banyan token create`; it acts with their
//! rights, never more, within the areas it names, until it expires or they revoke it. Only its
//! hash is kept: it is shown once.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod requests;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(test)]
mod tests;
pub mod types;
pub mod views;
