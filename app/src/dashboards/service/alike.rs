//! "Customers most like this one": the customers nearest to one by the source document's
//! normalized squared distance, over how recently, how often and how much they bought and for
//! how long they have been customers.

use analytics::features::Table;
use analytics::history::Period;
use analytics::likeness::most_alike;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::ledger;
use crate::core::actor::Actor;
use crate::core::settings;
use crate::dashboards::segmentation::feature_rows;
use crate::dashboards::types::{Alike, Feature};
use crate::error::AppError;

/// Customers listed.
const LISTED: usize = 5;

/// What the distance is measured over.
const FEATURES: [Feature; 4] = [
    Feature::Recency,
    Feature::Frequency,
    Feature::Monetary,
    Feature::Tenure,
];

/// The customers the user may see that are most like `contact`, nearest first; none when the
/// contact has no orders to compare.
pub async fn alike(
    conn: &DatabaseConnection,
    actor: &Actor,
    contact: Uuid,
) -> Result<Vec<Alike>, AppError> {
    let today = settings::service::today(conn).await?;
    let ledger = ledger(conn, actor, today, "analytics.alike").await?;
    let Some(of) = ledger.customers.iter().position(|c| c.id == contact) else {
        return Ok(Vec::new());
    };
    tokio::task::spawn_blocking(move || {
        let rows = feature_rows(&ledger, &ledger.histories(Period::Month), &FEATURES);
        let Ok(table) = Table::new(&rows) else {
            return Vec::new();
        };
        most_alike(&table.scaled_by_spread(), of, LISTED)
            .into_iter()
            .map(|(i, distance)| Alike {
                customer: ledger.customers[i].clone(),
                distance,
            })
            .collect()
    })
    .await
    .map_err(AppError::internal)
}
