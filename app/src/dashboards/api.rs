use analytics::history::Period;
use leptos::prelude::*;

use super::types::ValueReport;
use crate::error::AppError;

/// Lifetime value of the customers the user may see, up to today in the workspace's time
/// zone: their histories and the fitted models, so that the page's what-ifs run in the browser.
#[server]
pub async fn get_value_report(period: Period) -> Result<ValueReport, AppError> {
    use super::types::ValueQuery;
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    let zone = crate::settings::service::zone(&conn).await?;
    let query = ValueQuery {
        as_of: chrono::Utc::now().with_timezone(&zone).date_naive(),
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
