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
