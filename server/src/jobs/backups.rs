//! The daily backup's clock: every little while, makes the backup when one is due.

use std::time::Duration;

use app::backup::schedule::{Shelf, run_due};
use app::core::files::Store;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// How late after its day is up a backup is made at the latest.
const EVERY: Duration = Duration::from_secs(10 * 60);

pub async fn scheduler(
    conn: DatabaseConnection,
    files: Store,
    shelf: Shelf,
    mut stop: watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        match run_due(&conn, &files, &shelf, chrono::Utc::now()).await {
            Ok(Some(made)) => tracing::info!(file = made.name, bytes = made.bytes, "backed up"),
            Ok(None) => {}
            Err(err) => tracing::warn!(?err, "backup: could not make the daily backup"),
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}
