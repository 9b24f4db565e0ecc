//! Banyan's customer models: pure functions over plain data, with no I/O, compiled for the
//! server and for the browser alike, so that a report and an instant what-if in the browser
//! compute the same numbers.
//!
//! - [`history`] turns orders into each customer's purchase history as the models read it.
//! - [`historical`]: the value a customer has brought so far, discounted to their first purchase.
//! - [`bgnbd`] and [`gamma_gamma`]: how often a customer will buy again and how much they will
//!   spend, fitted by maximum likelihood; [`predictive`] combines them into a lifetime value.
//! - [`rfm`]: recency, frequency and monetary scores and the named segments they make.
//! - [`features`], [`kmeans`], [`projection`], [`likeness`]: clusters of customers over features
//!   the user picks, a 2-D picture of them, and the customers most like a given one.
//! - [`forecast`]: the sales pipeline's forecasts.
//! - [`simulate`]: customers drawn from the models, to check fits and measure them.

pub mod bgnbd;
pub mod features;
pub mod forecast;
pub mod gamma_gamma;
pub mod historical;
pub mod history;
pub mod kmeans;
pub mod likeness;
pub mod predictive;
pub mod projection;
pub mod rfm;
pub mod simulate;

mod optimize;
mod random;
mod special;
mod unfit;

pub use unfit::Unfit;
