//! Segments: RFM scores for every customer with orders, and clusters of them over the
//! features the user picked.

use std::collections::HashMap;

use analytics::Unfit;
use analytics::features::Table;
use analytics::historical::discounted_values;
use analytics::history::{Period, Summary, summarize};
use analytics::kmeans::{kmeans, suggest_k};
use analytics::projection::principal_plane;
use analytics::rfm;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{DatabaseConnection, EntityTrait, QuerySelect};
use uuid::Uuid;

use super::{Book, book};
use crate::auth::session::Signed;
use crate::dashboards::types::{Feature, MAX_CLUSTERS, SegmentQuery, SegmentReport};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::entity::ticket;

/// The discount the value feature is counted at: a month's worth of a 12 % yearly rate.
const VALUE_RATE: f64 = 0.01;

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

/// Tickets per contact, when they are a feature.
async fn tickets(conn: &DatabaseConnection) -> Result<HashMap<Uuid, i64>, AppError> {
    let counts: Vec<(Uuid, i64)> = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::ContactId)
        .expr_as(Func::count(Expr::col(ticket::Column::Id)), "tickets")
        .group_by(ticket::Column::ContactId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(counts.into_iter().collect())
}

/// One row of features per customer with orders.
fn rows(
    query: &SegmentQuery,
    book: &Book,
    histories: &[Summary],
    tickets: &HashMap<Uuid, i64>,
) -> Vec<Vec<f64>> {
    let values = query
        .features
        .contains(&Feature::Value)
        .then(|| discounted_values(&book.purchases, book.as_of, Period::Month, VALUE_RATE));
    histories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            query
                .features
                .iter()
                .map(|f| match f {
                    Feature::Recency => s.days_since_last as f64,
                    Feature::Frequency => s.purchases() as f64,
                    Feature::Monetary => s.total as f64,
                    Feature::Value => values.as_ref().map_or(0.0, |v| v[i].value),
                    Feature::Tenure => (book.as_of - s.first_day) as f64,
                    Feature::Tickets => {
                        let id = book.customers[s.customer].id;
                        tickets.get(&id).copied().unwrap_or(0) as f64
                    }
                })
                .collect()
        })
        .collect()
}

/// RFM scores and clusters of the visible customers as of `query.as_of`; clusters the orders
/// cannot support are reported in the result, not as an error.
pub async fn segments(
    conn: &DatabaseConnection,
    actor: &Signed,
    query: SegmentQuery,
) -> Result<SegmentReport, AppError> {
    check(&query)?;
    let book = book(conn, actor, query.as_of, "analytics.segments").await?;
    let tickets = if query.features.contains(&Feature::Tickets) {
        tickets(conn).await?
    } else {
        HashMap::new()
    };
    tokio::task::spawn_blocking(move || {
        let histories = summarize(&book.purchases, book.as_of, Period::Month);
        let scores = rfm::score(&histories);
        let features = rows(&query, &book, &histories, &tickets);
        let mut candidates = Vec::new();
        let mut plane = None;
        let clusters = match Table::new(&features) {
            Err(_) => Err(Unfit::TooFewCustomers { have: 0, needed: 2 }),
            Ok(table) => {
                let table = table.standardized();
                plane = Some(principal_plane(&table));
                let k = match query.clusters {
                    Some(k) => Ok(k),
                    None => suggest_k(&table, MAX_CLUSTERS, query.seed).map(|(k, tried)| {
                        candidates = tried;
                        k
                    }),
                };
                k.and_then(|k| kmeans(&table, k, query.seed))
            }
        };
        SegmentReport {
            query,
            base_currency: book.base_currency,
            unconverted: book.unconverted,
            customers: book.customers,
            scores,
            features,
            candidates,
            clusters,
            plane,
        }
    })
    .await
    .map_err(AppError::internal)
}
