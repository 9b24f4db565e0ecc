//! Customer value and segments over the order history: lifetime value (historical and
//! predicted), RFM segments and clusters of customers. The models are the `analytics` crate's;
//! this reads the orders they need, as the acting user may see them.

pub mod api;
mod columns;
mod labels;
pub mod segmentation;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
