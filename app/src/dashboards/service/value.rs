//! Lifetime value: what each customer has brought so far, discounted, and what the models
//! expect of them over a horizon.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use analytics::Unfit;
use analytics::history::Period;
use analytics::predictive::Fitted;
use sea_orm::DatabaseConnection;

use super::ledger;
use crate::core::actor::Actor;
use crate::dashboards::types::{Ledger, MAX_HORIZON, ValueQuery, ValueReport};
use crate::error::{AppError, FieldCheck, Invalid};

type Fit = Result<Fitted, Unfit>;

/// Fits kept. A fit is a function of the purchases, the day and the period alone, so it is
/// kept under a digest of them: a revisit of the page, or a colleague who sees the same
/// customers, gets it at once, and any new or changed order makes a new digest.
const KEPT_FITS: usize = 8;

static FITS: Mutex<VecDeque<(u64, Fit)>> = Mutex::new(VecDeque::new());

fn digest(ledger: &Ledger, period: Period) -> u64 {
    let mut hasher = DefaultHasher::new();
    (&ledger.purchases, ledger.as_of_day, period).hash(&mut hasher);
    hasher.finish()
}

/// The models fitted to the ledger's histories in `period`s, from the kept fits when there.
fn fit(ledger: &Ledger, period: Period) -> Fit {
    let key = digest(ledger, period);
    let kept = |fits: &VecDeque<(u64, Fit)>| fits.iter().find(|f| f.0 == key).map(|f| f.1);
    if let Some(fit) = kept(&FITS.lock().unwrap_or_else(|e| e.into_inner())) {
        return fit;
    }
    let started = std::time::Instant::now();
    let histories = ledger.histories(period);
    let fit = Fitted::fit(&histories);
    // Fits grow with the customers; the log tells an operator what a fresh one costs.
    tracing::info!(
        customers = histories.len(),
        ?period,
        ms = started.elapsed().as_millis() as u64,
        "customer models fitted"
    );
    let mut fits = FITS.lock().unwrap_or_else(|e| e.into_inner());
    if kept(&fits).is_none() {
        if fits.len() == KEPT_FITS {
            fits.pop_front();
        }
        fits.push_back((key, fit));
    }
    fit
}

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
    actor: &Actor,
    query: ValueQuery,
) -> Result<ValueReport, AppError> {
    check(&query)?;
    let ledger = ledger(conn, actor, query.as_of, "analytics.value").await?;
    // Fitting 100,000 customers takes a second of one core: off the async threads.
    tokio::task::spawn_blocking(move || {
        let fit = fit(&ledger, query.period);
        ValueReport::new(query, ledger, fit)
    })
    .await
    .map_err(AppError::internal)
}
