//! Widgets shared by every screen.

pub mod app_update;
pub mod bar;
pub mod chart;
pub mod copy_box;
#[cfg(feature = "hydrate")]
pub mod download;
pub mod fold;
pub mod form;
pub mod keys;
pub mod language_switch;
pub mod loading;
pub mod not_found;
pub mod page;
pub mod params;
pub mod record_changes;
pub mod table_scroll;
pub mod toast;
pub mod viewer;
