//! Teams: the owner names them, gives each a lead and puts people in them. A sales rep of a
//! workspace that restricts sales sees their team's customers; a manager's "team" views
//! (the board's "My team") cover the teams they lead.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(test)]
mod tests;
pub mod types;
pub mod views;
