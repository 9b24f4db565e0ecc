//! The daily digest's clock: every little while, queues the digests whose hour has come; the
//! mail job sends them.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// How soon after its hour a digest is queued at the latest. The check reads the people with
/// a digest on: a few rows in a small business.
const EVERY: Duration = Duration::from_secs(20);

pub async fn scheduler(conn: DatabaseConnection, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        if let Err(err) = app::today::digest::queue_due(&conn, Utc::now()).await {
            tracing::warn!(?err, "digest: could not queue the digests due");
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}
