use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use app::core::outbox::{self, Retry, Stored};
use app::error::AppError;
use chrono::{TimeDelta, Utc};
use futures_util::future::join_all;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// The future a handler returns: `Err` carries why delivery failed, for the retry log.
pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Delivers one kind of event to the outside world (an SMTP server, a webhook endpoint).
/// It may see the same event twice after a crash, so it keys its effects on `event.id`.
pub trait Handler: Send + Sync {
    fn handle<'a>(&'a self, event: &'a Stored) -> HandlerFuture<'a>;
}

/// Claims due outbox events in small batches and hands each to the handlers whose topic
/// prefix matches. An event no handler wants is done at once.
pub struct Worker {
    conn: DatabaseConnection,
    handlers: Vec<(String, Arc<dyn Handler>)>,
    poll_every: Duration,
    batch: u64,
    lease: TimeDelta,
}

impl Worker {
    pub fn new(conn: DatabaseConnection) -> Self {
        Worker {
            conn,
            handlers: Vec::new(),
            poll_every: Duration::from_secs(1),
            batch: 20,
            lease: TimeDelta::minutes(5),
        }
    }

    /// Sends events whose topic starts with `topic_prefix` (`"email."`) to `handler`.
    pub fn on(mut self, topic_prefix: &str, handler: Arc<dyn Handler>) -> Self {
        self.handlers.push((topic_prefix.to_owned(), handler));
        self
    }

    /// Works until `stop` turns true; the batch in hand is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            match self.run_once().await {
                // A full batch suggests more are waiting: go on without sleeping.
                Ok(handled) if handled as u64 == self.batch => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(?err, "outbox worker: could not poll"),
            }
            tokio::select! {
                _ = stop.changed() => {}
                () = tokio::time::sleep(self.poll_every) => {}
            }
        }
    }

    /// Claims one batch and delivers it; returns how many events it handled.
    pub async fn run_once(&self) -> Result<usize, AppError> {
        let events = outbox::claim_due(&self.conn, Utc::now(), self.batch, self.lease).await?;
        // The batch goes out at once: each mail waits on its own round trips to the mail
        // server (over the transport's pool of connections), not on the others'.
        let outcomes = join_all(events.iter().map(|event| self.deliver(event))).await;
        for (event, outcome) in events.iter().zip(outcomes) {
            match outcome {
                Ok(()) => outbox::mark_delivered(&self.conn, event.id, Utc::now()).await?,
                Err(error) => {
                    let retry = outbox::mark_failed(&self.conn, event, &error, Utc::now()).await?;
                    match retry {
                        Retry::At(at) => {
                            tracing::warn!(topic = %event.topic, %error, %at, "delivery failed, will retry")
                        }
                        Retry::GaveUp => {
                            tracing::error!(topic = %event.topic, %error, "delivery failed for good")
                        }
                    }
                }
            }
        }
        Ok(events.len())
    }

    async fn deliver(&self, event: &Stored) -> Result<(), String> {
        for (prefix, handler) in &self.handlers {
            if event.topic.starts_with(prefix.as_str()) {
                handler.handle(event).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use app::core::events::{ContactChange, Event, Record};
    use app::core::outbox::Backlog;
    use app::testing::TestDb;
    use uuid::Uuid;

    use super::*;

    /// Fails the first `failures` calls, then records each event it is given.
    struct Flaky {
        failures: Mutex<u32>,
        seen: Mutex<Vec<String>>,
    }

    impl Handler for Flaky {
        fn handle<'a>(&'a self, event: &'a Stored) -> HandlerFuture<'a> {
            Box::pin(async move {
                let mut failures = self.failures.lock().unwrap();
                if *failures > 0 {
                    *failures -= 1;
                    return Err("SMTP server refused the connection".into());
                }
                self.seen.lock().unwrap().push(event.topic.clone());
                Ok(())
            })
        }
    }

    async fn delivers_to_matching_handlers_and_retries_failures(conn: &DatabaseConnection) {
        let conn = conn.clone();
        let flaky = Arc::new(Flaky {
            failures: Mutex::new(1),
            seen: Mutex::new(Vec::new()),
        });
        let worker = Worker::new(conn.clone()).on(app::core::events::MAIL_TOPICS, flaky.clone());
        let mail = Event::TicketReplyMail(Record { id: Uuid::nil() });
        outbox::enqueue(&conn, &mail).await.unwrap();
        let unwanted = Event::ContactCreated(ContactChange {
            id: Uuid::nil(),
            name: "李娜".into(),
            version: 1,
            form: None,
        });
        outbox::enqueue(&conn, &unwanted).await.unwrap();

        assert_eq!(worker.run_once().await.unwrap(), 2);
        // The email failed once and waits for its backoff; the unwanted event is done.
        assert!(flaky.seen.lock().unwrap().is_empty());
        assert_eq!(
            outbox::backlog(&conn).await.unwrap(),
            Backlog {
                pending: 1,
                dead: 0
            }
        );
        assert_eq!(
            worker.run_once().await.unwrap(),
            0,
            "not due before its backoff"
        );

        let later = Utc::now() + outbox::backoff(1);
        let due = outbox::claim_due(&conn, later, 10, TimeDelta::zero())
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].attempts, 1);
        // Deliver it as the worker would once the backoff has passed.
        worker.deliver(&due[0]).await.unwrap();
        outbox::mark_delivered(&conn, due[0].id, later)
            .await
            .unwrap();
        assert_eq!(
            *flaky.seen.lock().unwrap(),
            vec!["email.ticket_reply".to_owned()]
        );
        assert_eq!(
            outbox::backlog(&conn).await.unwrap(),
            Backlog {
                pending: 0,
                dead: 0
            }
        );
    }
    app::db_test!(delivers_to_matching_handlers_and_retries_failures);

    #[tokio::test]
    async fn stops_when_told() {
        let db = TestDb::sqlite().await;
        let (stop, stopped) = watch::channel(false);
        let running = tokio::spawn(Worker::new(db.conn.clone()).run(stopped));
        stop.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(5), running)
            .await
            .unwrap()
            .unwrap();
        db.remove().await;
    }
}
