//! The people's rights over their data: everything about one person exported, or erased.

pub mod erase;
pub mod export;

pub use erase::erase;
pub use export::subject;
