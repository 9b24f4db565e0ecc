//! The desk's settings screen: working days and hours, the time zone they are in, the targets
//! of each priority, and the holidays. Owners and managers change them; agents read them.

mod desk_page;
mod holidays;
mod hours_form;

pub use desk_page::DeskPage;
