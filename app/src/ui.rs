//! Widgets shared by every screen.

pub mod fold;
pub mod form;
pub mod layout;
pub mod not_found;
pub mod page;
pub mod toast;
