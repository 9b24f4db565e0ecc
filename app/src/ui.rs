//! Widgets shared by every screen.

pub mod layout;
pub mod not_found;
pub mod page;
