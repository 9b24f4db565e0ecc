mod erase_contact;

pub use erase_contact::{EraseContactForm, erase_action};
