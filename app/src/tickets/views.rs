//! The screens of the service desk: the inbox, a ticket's thread, a new ticket, the canned
//! replies, and a customer's tickets on their page.

mod bulk;
mod canned_page;
mod composer;
mod contact_tickets;
mod due;
mod inbox_page;
mod labels;
mod new_ticket_page;
mod ticket_fields;
mod ticket_line;
mod ticket_page;

pub use canned_page::CannedPage;
pub use contact_tickets::{ContactTickets, contact_tickets_section};
pub use due::ticking;
pub use inbox_page::InboxPage;
pub use new_ticket_page::NewTicketPage;
pub use ticket_line::TicketLine;
pub use ticket_page::TicketPage;
