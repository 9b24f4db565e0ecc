//! Background jobs: the outbox worker delivers events to the handlers registered for them;
//! the import runner works through queued imports; the sweeper removes files nobody will read;
//! the digest scheduler queues each person's daily digest when its hour comes; the backup
//! scheduler makes the daily backup; the chainer links new audit entries into the chain; the
//! webhook sender posts the events owners subscribed to.

pub mod attachments;
pub mod audit;
mod automation;
pub mod backups;
mod campaigns;
pub mod digest;
pub mod imports;
mod mail;
pub mod webhooks;
mod worker;

pub use automation::Automation;
pub use campaigns::Starter;
pub use mail::Mailer;
pub use worker::{Handler, HandlerFuture, Worker};

use std::sync::Arc;

use app::campaigns::automation::types::Trigger;
use app::core::code::TextCode;
use app::core::events;
use sea_orm::DatabaseConnection;

/// The worker as the server runs it: mail to the mail job, campaign starts to their job, the
/// events rules start on to the automation job, the events webhooks may want to their fan-out.
/// The tests and benchmarks take it from here, so they run what the server runs.
pub fn outbox_worker(conn: DatabaseConnection, mailer: Mailer) -> Worker {
    let automation = Arc::new(Automation::new(conn.clone()));
    let fanout = webhooks::Fanout::new(conn.clone());
    let worker = Worker::new(conn.clone())
        .on(events::MAIL_TOPICS, Arc::new(mailer))
        .on(events::topics::CAMPAIGN_START, Arc::new(Starter::new(conn)));
    let worker = Trigger::ALL.iter().fold(worker, |worker, trigger| {
        worker.on(trigger.as_str(), automation.clone())
    });
    app::webhooks::types::TOPICS
        .iter()
        .fold(worker, |worker, topic| worker.on(topic, fanout.clone()))
}
