//! Background jobs: the outbox worker delivers events to the handlers registered for them.

mod campaigns;
mod mail;
mod worker;

pub use campaigns::Starter;
pub use mail::Mailer;
pub use worker::{Handler, HandlerFuture, Worker};
