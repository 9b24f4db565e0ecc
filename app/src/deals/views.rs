//! The screens of sales: the board, a deal's page and its edit form, and a contact's deals.

mod board;
mod board_page;
mod card;
mod column;
mod contact_deals;
mod deal_page;
mod edit_deal_page;
mod forecast_page;
mod sheets;
mod stage_tabs;
mod touch;

pub use board_page::BoardPage;
pub use contact_deals::{ContactDeals, contact_deals_section};
pub use deal_page::DealPage;
pub use edit_deal_page::EditDealPage;
pub use forecast_page::ForecastPage;

use uuid::Uuid;

use crate::core::offline::Kept;
use crate::deals::types::{Board, BoardQuery, Card, Deal, DealForm, Move, NewDeal};

/// What the board and a deal's screens read and write on the device's copy when the server
/// cannot be reached. The app gives it from the offline feature, which keeps the copy.
#[derive(Clone, Copy)]
pub struct KeptDeals {
    pub board: fn(BoardQuery) -> Kept<Board>,
    pub move_deal: fn(Uuid, i32, Move) -> Kept<Card>,
    /// Adds a deal at the top of its stage's column.
    pub add_deal: fn(NewDeal) -> Kept<Card>,
    pub deal: fn(Uuid) -> Kept<Deal>,
    /// Saves the title, amount and expected close of the form; the rest needs the server.
    pub edit_deal: fn(Uuid, DealForm) -> Kept<Deal>,
}
