//! The import runner: works through queued imports, resuming any whose process died.

use std::time::Duration;

use app::customers::import::service;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// Runs waiting imports one at a time until `stop` turns true; the batch in hand is
/// finished first, and the job resumes at the next start.
pub async fn runner(conn: DatabaseConnection, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        match service::next_waiting(&conn).await {
            Ok(Some(id)) => {
                let stopping = stop.clone();
                let halt = move || *stopping.borrow();
                if let Err(err) = service::run(&conn, id, &halt, |_| {}).await {
                    tracing::warn!(%id, ?err, "an import failed");
                }
                continue;
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(?err, "imports: could not poll"),
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}
