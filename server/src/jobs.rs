//! Background jobs: the outbox worker delivers events to the handlers registered for them.

mod campaigns;
mod mail;
mod worker;

pub use campaigns::Starter;
pub use mail::Mailer;
pub use worker::{Handler, HandlerFuture, Worker};

use std::sync::Arc;

use app::campaigns::campaign::service::sending;
use sea_orm::DatabaseConnection;

/// The worker as the server runs it: mail to the mail job, campaign starts to their job. The
/// tests and benchmarks take it from here, so they run what the server runs.
pub fn outbox_worker(conn: DatabaseConnection, mailer: Mailer) -> Worker {
    Worker::new(conn.clone())
        .on("email.", Arc::new(mailer))
        .on(sending::START, Arc::new(Starter::new(conn)))
}
