//! Lifetime value: what each customer has brought so far, discounted, and what the models
//! expect of them over a horizon.

use analytics::history::summarize;
use analytics::predictive::Fitted;
use sea_orm::DatabaseConnection;

use super::book;
use crate::auth::session::Signed;
use crate::dashboards::types::{MAX_HORIZON, ValueQuery, ValueReport};
use crate::error::{AppError, FieldCheck, Invalid};

fn check(query: &ValueQuery) -> Result<(), AppError> {
    let mut check = FieldCheck::default();
    if !(1..=MAX_HORIZON).contains(&query.horizon) {
        check.refuse(
            "horizon",
            Invalid::Range {
                min: 1,
                max: MAX_HORIZON.into(),
            },
        );
    }
    if !(0.0..=1.0).contains(&query.discount) {
        check.refuse("discount", Invalid::Range { min: 0, max: 1 });
    }
    check.finish()
}

/// Each visible customer's history, historical value and the fitted models, up to
/// `query.as_of`. A fit that the orders cannot support is reported in the result, not as an
/// error: the historical values stand without it.
pub async fn value(
    conn: &DatabaseConnection,
    actor: &Signed,
    query: ValueQuery,
) -> Result<ValueReport, AppError> {
    check(&query)?;
    let book = book(conn, actor, query.as_of, "analytics.value").await?;
    let period = query.period;
    // Fitting 100,000 customers takes a second of one core: off the async threads.
    let (book, histories, fit) = tokio::task::spawn_blocking(move || {
        let histories = summarize(&book.purchases, book.as_of, period);
        let fit = Fitted::fit(&histories);
        (book, histories, fit)
    })
    .await
    .map_err(AppError::internal)?;
    Ok(ValueReport {
        query,
        base_currency: book.base_currency,
        unconverted: book.unconverted,
        customers: book.customers,
        purchases: book.purchases,
        as_of_day: book.as_of,
        histories,
        fit,
    })
}
