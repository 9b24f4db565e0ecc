//! The public rating page a solved ticket's requester reaches from their email.

mod labels;
mod rate_page;

pub use labels::score_label;
pub use rate_page::RatePage;
