//! The Today screen, a card per part the person's role works on.

mod figures;
mod today_page;

pub use today_page::TodayPage;

use crate::core::offline::Kept;
use crate::today::types::Today;

/// Today as the device's copy tells it when the server cannot be reached: the user's tasks
/// and deals (the tickets and the figures need the server). The app gives it from the
/// offline feature.
#[derive(Clone, Copy)]
pub struct KeptToday {
    pub today: fn() -> Kept<Today>,
}
