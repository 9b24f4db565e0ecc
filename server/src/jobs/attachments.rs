//! The sweeper of tickets' files: removes abandoned uploads and files no row names.

use std::time::Duration;

use app::core::files::Store;
use app::tickets::attachments::service;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// How often abandoned uploads and orphaned files are looked for.
const SWEEP_EVERY: Duration = Duration::from_secs(60 * 60);

/// Sweeps once at start and then every hour, until `stop` turns true.
pub async fn sweeper(conn: DatabaseConnection, files: Store, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        match service::sweep(&conn, &files, chrono::Utc::now()).await {
            Ok(swept) if swept.abandoned + swept.orphans > 0 => {
                tracing::info!(?swept, "removed files nobody will read");
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(?err, "could not sweep the files"),
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(SWEEP_EVERY) => {}
        }
    }
}
