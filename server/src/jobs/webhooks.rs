//! Webhooks leave here. The outbox worker hands the events owners subscribe to to [`Fanout`],
//! which writes a delivery per subscription; the [`Sender`] posts the due deliveries, signed,
//! and records each receiver's answer. A delivery that fails waits a pause that grows, and is
//! tried again; one delivered is not sent again unless an owner asks.

mod client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::core::outbox::Stored;
use app::core::signing::SecretKey;
use app::error::AppError;
use app::webhooks::service::{self, Attempt, Due};
use app::webhooks::signature;
use chrono::{DateTime, TimeDelta, Utc};
use futures_util::future::join_all;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use super::{Handler, HandlerFuture};

/// How often the sender clears the log of old deliveries.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Writes the deliveries of each event the outbox hands over.
pub struct Fanout {
    conn: DatabaseConnection,
}

impl Fanout {
    pub fn new(conn: DatabaseConnection) -> Arc<Self> {
        Arc::new(Fanout { conn })
    }
}

impl Handler for Fanout {
    fn handle<'a>(&'a self, event: &'a Stored) -> HandlerFuture<'a> {
        Box::pin(async move {
            service::fan_out(&self.conn, event)
                .await
                .map(|_| ())
                .map_err(|err| format!("could not queue the webhooks: {err}"))
        })
    }
}

/// Posts due deliveries in small batches, each batch at once.
pub struct Sender {
    conn: DatabaseConnection,
    key: SecretKey,
    poll_every: Duration,
    batch: u64,
    /// How long a receiver has to answer; past it the attempt fails and is tried again later.
    timeout: Duration,
}

impl Sender {
    pub fn new(conn: DatabaseConnection, key: SecretKey) -> Self {
        Sender {
            conn,
            key,
            poll_every: Duration::from_secs(1),
            batch: 20,
            timeout: Duration::from_secs(10),
        }
    }

    /// Sends until `stop` turns true; the batch in hand is finished first. Once an hour, it
    /// clears the log of what finished long ago.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut pruned: Option<Instant> = None;
        while !*stop.borrow() {
            if pruned.is_none_or(|at| at.elapsed() > PRUNE_EVERY) {
                pruned = Some(Instant::now());
                if let Err(err) = service::prune(&self.conn, Utc::now() - service::KEPT).await {
                    tracing::warn!(?err, "webhooks: could not clear the old deliveries");
                }
            }
            match self.run_once(Utc::now()).await {
                // A full batch suggests more are waiting: go on without sleeping.
                Ok(sent) if sent as u64 == self.batch => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(?err, "webhooks: could not poll"),
            }
            tokio::select! {
                _ = stop.changed() => {}
                () = tokio::time::sleep(self.poll_every) => {}
            }
        }
    }

    /// Claims the deliveries due at `now`, posts them and records how each went; returns how
    /// many it tried.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        // The lease outlasts an attempt, so that no other sender posts the same delivery while
        // this one waits for the receiver.
        let lease = TimeDelta::from_std(self.timeout * 3).unwrap_or(TimeDelta::minutes(1));
        let due = service::claim_due(&self.conn, &self.key, now, self.batch, lease).await?;
        let attempts = join_all(due.iter().map(|due| self.attempt(due, now))).await;
        for (due, attempt) in due.iter().zip(attempts) {
            let status = service::record(&self.conn, due, &attempt, Utc::now()).await?;
            tracing::info!(delivery = %due.id, ?status, "webhook attempt");
        }
        Ok(due.len())
    }

    async fn attempt(&self, due: &Due, now: DateTime<Utc>) -> Attempt {
        let Some(secret) = &due.secret else {
            return Attempt::NoAnswer(
                "the signing secret does not open with the server's key: add the webhook again"
                    .into(),
            );
        };
        let id = due.event_id.to_string();
        let timestamp = now.timestamp();
        let signature = match signature::sign(secret, &id, timestamp, due.body.as_bytes()) {
            Ok(signature) => signature,
            Err(err) => return Attempt::NoAnswer(err.to_string()),
        };
        let headers = [
            ("webhook-id", id),
            ("webhook-timestamp", timestamp.to_string()),
            ("webhook-signature", signature),
        ];
        let post = client::post(&due.url, due.allow_private, &headers, due.body.clone());
        match tokio::time::timeout(self.timeout, post).await {
            Ok(Ok((status, body))) => Attempt::Answered { status, body },
            Ok(Err(why)) => Attempt::NoAnswer(why),
            Err(_) => Attempt::NoAnswer(format!("no answer within {} s", self.timeout.as_secs())),
        }
    }
}

#[cfg(test)]
mod tests;
