use analytics::history::Period;
use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Alike, Ledger, ValueReport};
use crate::error::AppError;

/// Lifetime value of the customers the user may see, up to today in the workspace's time
/// zone: their histories and the fitted models, so that the page's what-ifs run in the browser.
/// A fixed address, so the benchmark can call it.
#[server(endpoint = "get_value_report")]
pub async fn get_value_report(period: Period) -> Result<ValueReport, AppError> {
    use super::types::ValueQuery;
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let query = ValueQuery {
        as_of: crate::core::settings::service::today(&conn).await?,
        period,
        horizon: defaults(period).0,
        discount: defaults(period).1,
    };
    super::service::value(&conn, &signed, query).await
}

/// The horizon, discount rate and longest horizon the value page starts with for a period:
/// a year ahead at about 12 % a year.
pub fn defaults(period: Period) -> (u32, f64, u32) {
    match period {
        Period::Week => (52, 0.002, 156),
        Period::Month => (12, 0.01, 36),
        Period::Quarter => (4, 0.03, 12),
        Period::Year => (1, 0.12, 5),
    }
}

/// The customers the user may see with their orders and tickets up to today, for the segments
/// page to score and cluster in the browser as the user changes features or clusters. A fixed
/// address, so the benchmark can call it.
#[server(endpoint = "get_ledger")]
pub async fn get_ledger() -> Result<Ledger, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let as_of = crate::core::settings::service::today(&conn).await?;
    super::service::ledger(&conn, &signed, as_of, "analytics.segments").await
}

/// The customers most like one contact, for their page; at a fixed address, so the benchmark
/// can call it.
#[server(endpoint = "get_alike")]
pub async fn get_alike(contact: Uuid) -> Result<Vec<Alike>, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::alike(&server.conn, &server.memo, &signed, contact).await
}
