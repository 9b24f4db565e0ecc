//! The Today screen, a card per part the person's role works on.

mod figures;
mod today_page;

pub use today_page::TodayPage;
