//! Reads the orders the acting user may see, in the base currency, and hands them to the
//! models.

mod alike;
mod segments;
mod value;

pub use alike::alike;
pub use segments::segments;
pub use value::value;

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{DatabaseConnection, EntityTrait, QuerySelect};
use uuid::Uuid;

use super::types::Ledger;
use crate::core::actor::Actor;
use crate::customers::history::purchases;
use crate::customers::history::types::Purchases;
use crate::error::AppError;
use crate::tickets::entity::ticket;

/// Tickets per contact.
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

/// What a user's visible customers bought up to the end of `as_of` (see
/// `customers::history::revenue`), with the tickets each of them opened.
pub async fn ledger(
    conn: &DatabaseConnection,
    actor: &Actor,
    as_of: NaiveDate,
    name: &str,
) -> Result<Ledger, AppError> {
    let bought = purchases::up_to(conn, actor, as_of, name).await?;
    Ok(with_tickets(bought, &tickets(conn).await?))
}

/// A ledger of what `bought` holds, with each customer's count in `tickets` (none for those
/// not in it).
fn with_tickets(bought: Purchases, tickets: &HashMap<Uuid, i64>) -> Ledger {
    Ledger {
        base_currency: bought.base_currency,
        unconverted: bought.unconverted,
        tickets: bought
            .customers
            .iter()
            .map(|c| tickets.get(&c.id).map_or(0, |&n| n as u32))
            .collect(),
        customers: bought.customers,
        purchases: bought.purchases,
        as_of_day: bought.as_of_day,
    }
}
