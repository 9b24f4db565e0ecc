//! The history a rep's device keeps of each contact it keeps: the newest entries.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement, WindowStatement,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::entity::{interaction, order};
use super::orders::with_lines;
use super::service::to_interaction;
use super::types::{HistoryItem, PER_CONTACT};
use crate::core::users::names;
use crate::error::AppError;

/// Contacts asked about in one query.
const CHUNK: usize = 500;

/// The entries of the `kept` contacts' histories a device needs: the newest of each `fresh`
/// contact (new to it, or every one the first time), and those of the others written since
/// `since`.
pub(crate) async fn held<C: ConnectionTrait>(
    conn: &C,
    kept: &[Uuid],
    fresh: &[Uuid],
    since: Option<DateTime<Utc>>,
) -> Result<Vec<HistoryItem>, AppError> {
    let mut items = Vec::new();
    for chunk in fresh.chunks(CHUNK) {
        let mut newest = read(
            conn,
            interaction::Column::Id.in_subquery(newest_of::<interaction::Entity>(
                interaction::Column::ContactId,
                interaction::Column::OccurredAt,
                chunk,
            )),
            order::Column::Id.in_subquery(newest_of::<order::Entity>(
                order::Column::ContactId,
                order::Column::OrderedAt,
                chunk,
            )),
        )
        .await?;
        newest.sort_by_key(|item| std::cmp::Reverse((item.at(), item.id())));
        let mut count: HashMap<Uuid, usize> = HashMap::new();
        newest.retain(|item| {
            let seen = count.entry(contact_of(item)).or_default();
            *seen += 1;
            *seen <= PER_CONTACT
        });
        items.extend(newest);
    }
    if let Some(since) = since {
        let fresh: HashSet<&Uuid> = fresh.iter().collect();
        let others: Vec<Uuid> = kept
            .iter()
            .filter(|c| !fresh.contains(c))
            .copied()
            .collect();
        for chunk in others.chunks(CHUNK) {
            let contacts = || chunk.iter().copied();
            let written = read(
                conn,
                interaction::Column::ContactId
                    .is_in(contacts())
                    .and(interaction::Column::UpdatedAt.gt(since)),
                order::Column::ContactId
                    .is_in(contacts())
                    .and(order::Column::UpdatedAt.gt(since)),
            )
            .await?;
            items.extend(written);
        }
    }
    Ok(items)
}

fn contact_of(item: &HistoryItem) -> Uuid {
    match item {
        HistoryItem::Interaction(i) => i.contact_id,
        HistoryItem::Order(o) => o.contact_id.unwrap_or_default(),
    }
}

/// The ids of the newest entries of each of `contacts` in `E`, by `at`.
fn newest_of<E: EntityTrait>(
    contact: E::Column,
    at: E::Column,
    contacts: &[Uuid],
) -> SelectStatement {
    let id = Alias::new("id");
    let place = Alias::new("place");
    let ranked = Query::select()
        .column(id.clone())
        .expr_window_as(
            Func::cust(Alias::new("ROW_NUMBER")),
            WindowStatement::partition_by(contact)
                .order_by(at, Order::Desc)
                .order_by(id.clone(), Order::Desc)
                .to_owned(),
            place.clone(),
        )
        .from(E::default())
        .and_where(Expr::col(contact).is_in(contacts.iter().copied()))
        .to_owned();
    Query::select()
        .column(id)
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(place).lte(PER_CONTACT as u64))
        .to_owned()
}

/// The interactions and orders that match, as history entries.
async fn read<C: ConnectionTrait>(
    conn: &C,
    interactions: sea_orm::sea_query::SimpleExpr,
    orders: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<HistoryItem>, AppError> {
    let interactions = interaction::Entity::find()
        .filter(interactions)
        .all(conn)
        .await?;
    let people = names(conn, interactions.iter().filter_map(|i| i.user_id)).await?;
    let mut items: Vec<HistoryItem> = interactions
        .into_iter()
        .map(|model| {
            let name = model.user_id.and_then(|id| people.get(&id).cloned());
            HistoryItem::Interaction(to_interaction(model, name))
        })
        .collect();
    let orders = order::Entity::find().filter(orders).all(conn).await?;
    items.extend(
        with_lines(conn, orders)
            .await?
            .into_iter()
            .map(HistoryItem::Order),
    );
    Ok(items)
}
