//! A person's rights over their data (data-subject requests): everything Banyan holds about
//! them, exported as one file, or erased. Both reach into every feature that keeps something
//! about people, which is why this sits above them all.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
