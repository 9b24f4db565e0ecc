//! Today, the home screen: what each person should do now, by what they do. Tasks for
//! everyone; a rep's deals closing this month and stalled, and whom they called last; an
//! agent's tickets by their service target; for owners and managers, the business's figures,
//! each linking to the screen behind it. The overdue tasks and stalled deals also go out as a
//! daily email.

pub mod api;
#[cfg(feature = "ssr")]
pub mod digest;
mod labels;
#[cfg(feature = "ssr")]
mod service;
#[cfg(test)]
mod tests;
pub mod types;
mod views;

pub use views::{KeptToday, TodayPage};
