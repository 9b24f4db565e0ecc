//! Possible duplicates among contacts, and merging them: the survivor takes over the others'
//! history, orders and tags, and the merge can be undone.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
mod labels;
#[cfg(feature = "ssr")]
pub mod merge;
pub mod scan;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod tests;
