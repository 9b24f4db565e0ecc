//! What customers bought, as the models of customer value and segments read it.

use std::collections::HashMap;

use analytics::history::Purchase;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::entity::order;
use super::types::{Customer, OrderStatus, Purchases};
use crate::core::actor::Actor;
use crate::core::policy::{self, Action, Owned};
use crate::core::settings;
use crate::customers::entity::contact;
use crate::error::AppError;

/// Days since 1970-01-01.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - NaiveDate::default()).num_days()
}

/// Revenue orders (paid or fulfilled) of visible contacts placed up to the end of `as_of` in
/// the workspace's time zone; orders in a currency without an exchange rate are left out and
/// named.
pub async fn up_to(
    conn: &DatabaseConnection,
    actor: &Actor,
    as_of: NaiveDate,
    name: &str,
) -> Result<Purchases, AppError> {
    let own = Owned {
        owner: Some(actor.user.id),
        team: actor.user.team_id,
    };
    policy::require(conn, actor, Action::ViewCustomer(own), name).await?;
    let visible = policy::visible::<contact::Entity, _>(conn, actor).await?;
    read(conn, visible, as_of).await
}

/// Revenue orders of every contact in the workspace, as `up_to` reads them, for what is worked
/// out over all of them once and narrowed to what each reader may see afterwards.
pub async fn of_everyone(
    conn: &DatabaseConnection,
    as_of: NaiveDate,
) -> Result<Purchases, AppError> {
    read(conn, None, as_of).await
}

/// Revenue orders of the contacts that meet `visible` (all of them for `None`).
async fn read(
    conn: &DatabaseConnection,
    visible: Option<Condition>,
    as_of: NaiveDate,
) -> Result<Purchases, AppError> {
    let zone = settings::service::zone(conn).await?;
    let rates = settings::rates::get(conn).await?;

    let mut contacts = contact::Entity::find()
        .select_only()
        .columns([contact::Column::Id, contact::Column::Name])
        .filter(contact::Column::ArchivedAt.is_null());
    if let Some(visible) = visible {
        contacts = contacts.filter(visible);
    }
    let contacts: Vec<(Uuid, String)> = contacts.into_tuple().all(conn).await?;
    let index: HashMap<Uuid, usize> = contacts.iter().enumerate().map(|(i, c)| (c.0, i)).collect();

    let end = as_of
        .succ_opt()
        .and_then(|next| next.and_hms_opt(0, 0, 0))
        .and_then(|midnight| midnight.and_local_timezone(zone).earliest())
        .map(|t| t.to_utc())
        .ok_or_else(|| AppError::internal(format!("no end to the day {as_of}")))?;
    let orders: Vec<(Option<Uuid>, chrono::DateTime<chrono::Utc>, i64, String)> =
        order::Entity::find()
            .select_only()
            .columns([
                order::Column::ContactId,
                order::Column::OrderedAt,
                order::Column::AmountMinor,
                order::Column::Currency,
            ])
            .filter(order::Column::ContactId.is_not_null())
            .filter(order::Column::Status.is_in(OrderStatus::revenue_names()))
            .filter(order::Column::OrderedAt.lt(end))
            .into_tuple()
            .all(conn)
            .await?;
    let mut unconverted: Vec<String> = Vec::new();
    let mut purchases = Vec::with_capacity(orders.len());
    for (contact, at, minor, currency) in orders {
        let Some(&customer) = contact.and_then(|c| index.get(&c)) else {
            continue;
        };
        let Some(amount) = rates.to_base_noting(minor, &currency, &mut unconverted) else {
            continue;
        };
        purchases.push(Purchase {
            customer,
            day: day_number(at.with_timezone(&zone).date_naive()),
            amount,
        });
    }
    unconverted.sort();
    // Only customers with orders travel on, numbered densely in the order they were read.
    let mut buyers: Vec<usize> = purchases.iter().map(|p| p.customer).collect();
    buyers.sort_unstable();
    buyers.dedup();
    let renumber: HashMap<usize, usize> = buyers
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new))
        .collect();
    for p in &mut purchases {
        p.customer = renumber[&p.customer];
    }
    // By customer and day, a ledger sent to the browser is columns of small differences.
    purchases.sort_unstable_by_key(|p| (p.customer, p.day));
    let mut contacts: Vec<Option<(Uuid, String)>> = contacts.into_iter().map(Some).collect();
    let customers: Vec<Customer> = buyers
        .iter()
        .filter_map(|&i| contacts[i].take())
        .map(|(id, name)| Customer { id, name })
        .collect();
    Ok(Purchases {
        base_currency: rates.base,
        unconverted,
        customers,
        purchases,
        as_of_day: day_number(as_of),
    })
}
