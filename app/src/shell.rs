//! The frame around every signed-in screen: the navigation, with the counts that wait for
//! the user, and signing out. It sits above every feature, as the router does.

pub mod badges;
pub mod layout;

pub use layout::AppLayout;
