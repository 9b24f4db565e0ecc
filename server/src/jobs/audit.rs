//! The audit chainer: every few seconds, links the audit entries written since (see
//! `app::core::audit::chain`).

use std::time::Duration;

use app::core::audit::chain;
use app::core::signing::SecretKey;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// How long an entry waits for its link at most.
const EVERY: Duration = Duration::from_secs(5);

pub async fn chainer(conn: DatabaseConnection, key: SecretKey, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(err) = chain::extend(&conn, &key).await {
            tracing::warn!(?err, "audit: could not link the new entries");
        }
        // One last round after the stop, so that nothing written before it waits unlinked.
        if *stop.borrow() {
            return;
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}
