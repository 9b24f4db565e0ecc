//! Segments: RFM scores for every customer with orders, and clusters of them over the
//! features the user picked.

use sea_orm::DatabaseConnection;

use super::ledger;
use crate::core::actor::Actor;
use crate::dashboards::types::{MAX_CLUSTERS, SegmentQuery, SegmentReport, Segments};
use crate::error::{AppError, FieldCheck, Invalid};

fn check(query: &SegmentQuery) -> Result<(), AppError> {
    let mut check = FieldCheck::default();
    let mut seen = query.features.clone();
    seen.sort_by_key(|f| f.as_str());
    seen.dedup();
    if query.features.is_empty() || seen.len() != query.features.len() {
        check.refuse("features", Invalid::Choice);
    }
    if let Some(k) = query.clusters
        && !(1..=MAX_CLUSTERS).contains(&k)
    {
        check.refuse(
            "clusters",
            Invalid::Range {
                min: 1,
                max: MAX_CLUSTERS as i64,
            },
        );
    }
    check.finish()
}

/// RFM scores and clusters of the visible customers as of `query.as_of`; clusters the orders
/// cannot support are reported in the result, not as an error.
pub async fn segments(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: SegmentQuery,
) -> Result<SegmentReport, AppError> {
    check(&query)?;
    let ledger = ledger(conn, actor, query.as_of, "analytics.segments").await?;
    // Clustering 100,000 customers takes a noticeable part of a second: off the async threads.
    tokio::task::spawn_blocking(move || SegmentReport {
        segments: Segments::of(&ledger, &query.features, query.clusters, query.seed),
        query,
        ledger,
    })
    .await
    .map_err(AppError::internal)
}
