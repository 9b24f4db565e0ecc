//! Each user's notifications: a teammate mentioned them, or gave them a deal. Written in the
//! transaction of the change that caused them, read under the bell in the shell.

pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod views;
