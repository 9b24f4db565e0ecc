//! The duplicates screen, the merge screen, and a contact's merges with their undo.

mod duplicates_page;
mod merge_history;
mod merge_page;

pub use duplicates_page::DuplicatesPage;
pub use merge_history::{MergeHistory, merges_section};
pub use merge_page::MergePage;
