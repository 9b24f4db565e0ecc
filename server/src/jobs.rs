//! Background jobs: the outbox worker delivers events to the handlers registered for them.

mod worker;

pub use worker::{Handler, HandlerFuture, Worker};
