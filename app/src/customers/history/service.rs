//! Logging interactions, and reading a contact's timeline and totals; orders are recorded and
//! changed in `orders`.

use std::collections::BTreeMap;

use chrono::{DateTime, SubsecRound, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::entity::{interaction, order};
use super::orders::with_lines;
use super::types::{
    Called, Direction, History, HistoryItem, Interaction, InteractionForm, InteractionKind, Logged,
    Order, OrderStatus, OrderTotals,
};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::cursor;
use crate::core::db::Writer;
use crate::core::events::{self, Event};
use crate::core::policy::{Action, Owned};
use crate::core::users::names;
use crate::core::{audit, outbox, records, settings};
use crate::customers::entity::contact;
use crate::customers::service::authorize;
use crate::customers::types::Contact;
use crate::error::{AppError, Invalid};
use clean::money::Money;

pub const PAGE_SIZE: u64 = 30;

/// What every write to a contact's history starts with: the contact, if the user may do
/// `action` to it, the user's time zone, and the time of the write.
pub(super) async fn start_write<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    contact_id: Uuid,
    action: fn(Owned) -> Action,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(Contact, Tz, DateTime<Utc>), AppError> {
    let contact = authorize(conn, actor, contact_id, action, name).await?;
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    // PostgreSQL keeps microseconds: so does every database, and timeline cursors match.
    Ok((contact, zone, now.trunc_subsecs(6)))
}

pub(super) fn entry<'a>(
    actor: &Actor,
    action: &'a str,
    record_type: &'a str,
    id: Uuid,
) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, record_type, Some(id))
}

/// Logs a call, email, meeting, note or SMS with a contact. Anyone who may see the contact
/// may add to its history: support and marketing talk to customers too.
pub async fn log<C: Writer>(
    conn: &C,
    actor: &Actor,
    contact_id: Uuid,
    form: &InteractionForm,
    now: DateTime<Utc>,
) -> Result<Interaction, AppError> {
    let (contact, zone, now) = start_write(
        conn,
        actor,
        contact_id,
        Action::ViewCustomer,
        "interaction.create",
        now,
    )
    .await?;
    let Logged {
        kind,
        direction,
        occurred_at,
        subject,
        body,
    } = form.read(now, zone)?;
    let id = records::new_id(form.id)?;
    let txn = crate::core::db::write(conn).await?;
    let model = interaction::ActiveModel {
        id: Set(id),
        contact_id: Set(contact.id),
        company_id: Set(contact.company_id),
        kind: Set(kind.as_str().to_owned()),
        direction: Set(direction.map(|d| d.as_str().to_owned())),
        occurred_at: Set(occurred_at),
        user_id: Set(Some(actor.user.id)),
        subject: Set(subject),
        body: Set(body),
        last_job_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let mut record = entry(actor, "interaction.create", "interaction", id);
    record.changes = Some(json!({ "contact_id": contact.id, "kind": kind.as_str() }));
    audit::record(&txn, record).await?;
    let event = Event::InteractionCreated(events::Interaction {
        id,
        contact_id: contact.id,
        kind: kind.as_str().to_owned(),
    });
    outbox::enqueue(&txn, &event).await?;
    txn.commit().await?;
    Ok(to_interaction(model, Some(actor.user.name.clone())))
}

/// How many of a person's latest calls "called lately" looks through for its people.
const LAST_CALLS: u64 = 50;

/// The contacts among the actor's last calls, the latest first, at most `limit`. The calls
/// are read newest first along their index and a few at a time: grouping every call a busy
/// rep ever logged took 37 ms at 20,000.
pub async fn called_lately(
    conn: &DatabaseConnection,
    actor: &Actor,
    limit: usize,
) -> Result<Vec<Called>, AppError> {
    let calls: Vec<(Uuid, DateTime<Utc>)> = interaction::Entity::find()
        .select_only()
        .column(interaction::Column::ContactId)
        .column(interaction::Column::OccurredAt)
        .filter(interaction::Column::UserId.eq(actor.user.id))
        .filter(interaction::Column::Kind.eq(InteractionKind::Call.as_str()))
        .order_by_desc(interaction::Column::OccurredAt)
        .limit(LAST_CALLS)
        .into_tuple()
        .all(conn)
        .await?;
    let mut last: Vec<(Uuid, DateTime<Utc>)> = Vec::with_capacity(limit);
    for (id, at) in calls {
        if last.len() < limit && !last.iter().any(|(seen, _)| *seen == id) {
            last.push((id, at));
        }
    }
    let people = crate::core::policy::find::<contact::Entity, _>(conn, actor)
        .await?
        .filter(contact::Column::Id.is_in(last.iter().map(|(id, _)| *id)))
        .filter(contact::Column::ArchivedAt.is_null());
    let people: BTreeMap<Uuid, contact::Model> = people
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(last
        .into_iter()
        .filter_map(|(id, at)| {
            let person = people.get(&id)?;
            Some(Called {
                contact_id: id,
                name: person.name.clone(),
                phone: person.phone.clone(),
                at,
            })
        })
        .collect())
}

/// A page of the contact's history and orders, newest first.
pub async fn history(
    conn: &DatabaseConnection,
    actor: &Actor,
    contact_id: Uuid,
    after: Option<&str>,
) -> Result<History, AppError> {
    let contact = authorize(
        conn,
        actor,
        contact_id,
        Action::ViewCustomer,
        "contact.view",
    )
    .await?;
    let after = match after {
        Some(cursor) => Some(decode(cursor)?),
        None => None,
    };
    // The newest page of the union lies within the newest page of each.
    let take = PAGE_SIZE + 1;
    let mut interactions =
        interaction::Entity::find().filter(interaction::Column::ContactId.eq(contact.id));
    let mut orders = order::Entity::find().filter(order::Column::ContactId.eq(contact.id));
    if let Some((at, id)) = after {
        interactions = interactions.filter(before(
            interaction::Column::OccurredAt,
            interaction::Column::Id,
            at,
            id,
        ));
        orders = orders.filter(before(order::Column::OrderedAt, order::Column::Id, at, id));
    }
    let interactions = interactions
        .order_by_desc(interaction::Column::OccurredAt)
        .order_by_desc(interaction::Column::Id)
        .limit(take)
        .all(conn)
        .await?;
    let orders = orders
        .order_by_desc(order::Column::OrderedAt)
        .order_by_desc(order::Column::Id)
        .limit(take)
        .all(conn)
        .await?;
    let names = names(conn, interactions.iter().filter_map(|i| i.user_id)).await?;
    let mut items: Vec<HistoryItem> = interactions
        .into_iter()
        .map(|model| {
            let name = model.user_id.and_then(|id| names.get(&id).cloned());
            HistoryItem::Interaction(to_interaction(model, name))
        })
        .chain(
            with_lines(conn, orders)
                .await?
                .into_iter()
                .map(HistoryItem::Order),
        )
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse((item.at(), item.id())));
    let next = (items.len() as u64 > PAGE_SIZE).then(|| {
        items.truncate(PAGE_SIZE as usize);
        items.last().map(encode)
    });
    Ok(History {
        items,
        next: next.flatten(),
    })
}

/// All of a contact's history and orders, oldest first, for their data-subject export.
pub(crate) async fn everything<C: ConnectionTrait>(
    conn: &C,
    contact_id: Uuid,
) -> Result<(Vec<Interaction>, Vec<Order>), AppError> {
    let interactions = interaction::Entity::find()
        .filter(interaction::Column::ContactId.eq(contact_id))
        .order_by_asc(interaction::Column::OccurredAt)
        .all(conn)
        .await?;
    let names = names(conn, interactions.iter().filter_map(|i| i.user_id)).await?;
    let interactions = interactions
        .into_iter()
        .map(|model| {
            let name = model.user_id.and_then(|id| names.get(&id).cloned());
            to_interaction(model, name)
        })
        .collect();
    let orders = order::Entity::find()
        .filter(order::Column::ContactId.eq(contact_id))
        .order_by_asc(order::Column::OrderedAt)
        .all(conn)
        .await?;
    let orders = with_lines(conn, orders).await?;
    Ok((interactions, orders))
}

/// The contact's revenue so far, for the head of their page.
pub async fn totals(
    conn: &DatabaseConnection,
    actor: &Actor,
    contact_id: Uuid,
) -> Result<OrderTotals, AppError> {
    let contact = authorize(
        conn,
        actor,
        contact_id,
        Action::ViewCustomer,
        "contact.view",
    )
    .await?;
    let orders = order::Entity::find().filter(order::Column::ContactId.eq(contact.id));
    revenue(conn, orders).await
}

/// The revenue of `orders` (a contact's, a company's): paid and fulfilled orders only.
pub(crate) async fn revenue<C: ConnectionTrait>(
    conn: &C,
    orders: sea_orm::Select<order::Entity>,
) -> Result<OrderTotals, AppError> {
    let statuses = OrderStatus::revenue_names();
    let rows: Vec<(String, i64, DateTime<Utc>)> = orders
        .select_only()
        .columns([
            order::Column::Currency,
            order::Column::AmountMinor,
            order::Column::OrderedAt,
        ])
        .filter(order::Column::Status.is_in(statuses))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(sum(&rows))
}

/// Adds up revenue rows (currency, amount, when) into totals.
fn sum(rows: &[(String, i64, DateTime<Utc>)]) -> OrderTotals {
    let mut revenue: BTreeMap<&str, i64> = BTreeMap::new();
    for (currency, minor, _) in rows {
        let total = revenue.entry(currency).or_default();
        *total = total.saturating_add(*minor);
    }
    let mut revenue: Vec<Money> = revenue
        .into_iter()
        .map(|(currency, minor)| Money {
            minor,
            currency: currency.to_owned(),
        })
        .collect();
    revenue.sort_by_key(|amount| std::cmp::Reverse(amount.minor));
    OrderTotals {
        revenue,
        orders: rows.len() as u64,
        first: rows.iter().map(|(_, _, at)| *at).min(),
        last: rows.iter().map(|(_, _, at)| *at).max(),
    }
}

/// Rows strictly after the cursor in newest-first order.
fn before(
    at_column: impl ColumnTrait,
    id_column: impl ColumnTrait,
    at: DateTime<Utc>,
    id: Uuid,
) -> Condition {
    Condition::any()
        .add(at_column.lt(at))
        .add(Condition::all().add(at_column.eq(at)).add(id_column.lt(id)))
}

fn encode(item: &HistoryItem) -> String {
    cursor::encode(&item.at().timestamp_micros().to_string(), item.id())
}

fn decode(value: &str) -> Result<(DateTime<Utc>, Uuid), AppError> {
    let (micros, id) = cursor::decode("after", value)?;
    let at = micros
        .parse()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(|| AppError::invalid("after", Invalid::Choice))?;
    Ok((at, id))
}

pub(super) fn to_interaction(model: interaction::Model, user_name: Option<String>) -> Interaction {
    Interaction {
        id: model.id,
        contact_id: model.contact_id,
        kind: InteractionKind::parse(&model.kind).unwrap_or(InteractionKind::Note),
        direction: model.direction.as_deref().and_then(Direction::parse),
        occurred_at: model.occurred_at,
        user_name,
        subject: model.subject,
        body: model.body,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn totals_add_up_per_currency() {
        let at = |day| Utc.with_ymd_and_hms(2026, 1, day, 0, 0, 0).unwrap();
        let rows = vec![
            ("CNY".to_owned(), 10_000, at(3)),
            ("USD".to_owned(), 50_000, at(1)),
            ("CNY".to_owned(), 2_550, at(9)),
        ];
        let totals = sum(&rows);
        assert_eq!(totals.orders, 3);
        assert_eq!(totals.first, Some(at(1)));
        assert_eq!(totals.last, Some(at(9)));
        let revenue: Vec<(i64, &str)> = totals
            .revenue
            .iter()
            .map(|m| (m.minor, m.currency.as_str()))
            .collect();
        assert_eq!(revenue, [(50_000, "USD"), (12_550, "CNY")]);
        assert_eq!(sum(&[]), OrderTotals::default());
    }
}
