//! `GET /healthz`: for load balancers, process managers and the test harness.

use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::DatabaseConnection;

/// Ready means the database answers, not only that the process runs.
pub async fn healthz(State(conn): State<DatabaseConnection>) -> (StatusCode, &'static str) {
    match conn.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::warn!(%err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
