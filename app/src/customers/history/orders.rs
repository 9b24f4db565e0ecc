//! Orders: recorded on a contact's page, sent by an ERP through the API or read from a file,
//! then paid, shipped, cancelled or refunded. An order carries its lines; its total is what
//! they add up to unless it names its own (delivery, a discount). Only paid and fulfilled
//! orders are revenue, so a cancellation or a refund takes the order out of the customer's
//! value and segments at once.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr,
};
use uuid::Uuid;

use super::entity::{order, order_line};
use super::service::{entry, start_write};
use super::types::{
    Order, OrderChange, OrderForm, OrderLine, OrderLineForm, OrderPage, OrderQuery, OrderStatus,
};
use crate::core::actor::Actor;
use crate::core::code::{TextCode, choice};
use crate::core::db::Writer;
use crate::core::events::{self, Event};
use crate::core::policy::{self, Action};
use crate::core::{audit, cursor, outbox, parse, records, settings};
use crate::customers::service::authorize;
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::choices::{CURRENCIES, is_one_of};
use clean::money::{self, Money};

/// Orders in one page of the API's list.
pub const PAGE_SIZE: u64 = 50;
pub(crate) const NUMBER_LEN: usize = 64;
pub(crate) const EXTERNAL_ID_LEN: usize = 100;
const NOTE_LEN: usize = 2_000;
const DESCRIPTION_LEN: usize = 200;
/// More lines than any shop's order holds is a mistake in the sender, not an order.
const MAX_LINES: usize = 500;
const MAX_QUANTITY: i64 = 1_000_000;

/// An order form that passed every check.
pub(crate) struct ValidOrder {
    /// `None` when the sender left it to Banyan ([`number_for`]).
    pub number: Option<String>,
    pub external_id: Option<String>,
    pub ordered_at: DateTime<Utc>,
    pub amount: Money,
    pub status: OrderStatus,
    pub note: Option<String>,
    pub lines: Vec<OrderLine>,
}

/// Checks an order form, the day read in `zone`; what is wrong goes to `check`, each line's
/// problems on that line's fields (`lines[2].quantity`).
pub(crate) fn check_order(
    form: &OrderForm,
    zone: Tz,
    check: &mut FieldCheck,
) -> Option<ValidOrder> {
    let number = check.check("number", parse::optional_text(&form.number, NUMBER_LEN));
    let external_id = check.check(
        "external_id",
        parse::optional_text(&form.external_id, EXTERNAL_ID_LEN),
    );
    let ordered_at = check.check("ordered_on", parse::local_day(&form.ordered_on, zone));
    let currency = form.currency.trim();
    let currency = check.check(
        "currency",
        is_one_of(CURRENCIES, currency)
            .then_some(currency)
            .ok_or(Invalid::Choice),
    );
    let lines = currency.and_then(|currency| check_lines(&form.lines, currency, check));
    let amount = currency.and_then(|currency| {
        if form.amount.trim().is_empty() && !form.lines.is_empty() {
            // A refused line is refused on its own field, not again as the total.
            check.check("amount", total(lines.as_ref()?, currency))
        } else {
            check.check("amount", money::parse(&form.amount, currency))
        }
    });
    let status = check.check("status", choice::<OrderStatus>(form.status.trim()));
    let note = check.check("note", parse::optional_long_text(&form.note, NOTE_LEN));
    Some(ValidOrder {
        number: number?,
        external_id: external_id?,
        ordered_at: ordered_at?,
        amount: amount?,
        status: status?,
        note: note?,
        lines: lines?,
    })
}

/// The lines of an order in `currency`, or `None` when one is refused.
fn check_lines(
    lines: &[OrderLineForm],
    currency: &str,
    check: &mut FieldCheck,
) -> Option<Vec<OrderLine>> {
    if lines.len() > MAX_LINES {
        check.refuse(
            "lines",
            Invalid::Range {
                min: 0,
                max: MAX_LINES as i64,
            },
        );
        return None;
    }
    let mut valid = Some(Vec::with_capacity(lines.len()));
    for (i, line) in lines.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let description = check.check(
            &field("description"),
            parse::text(&line.description, DESCRIPTION_LEN),
        );
        let quantity = check.check(&field("quantity"), quantity(&line.quantity));
        let unit_amount = check.check(
            &field("unit_amount"),
            money::parse(&line.unit_amount, currency),
        );
        match (description, quantity, unit_amount, valid.as_mut()) {
            (Some(description), Some(quantity), Some(unit_amount), Some(lines)) => {
                lines.push(OrderLine {
                    description,
                    quantity,
                    unit_amount,
                })
            }
            _ => valid = None,
        }
    }
    valid
}

/// A line's quantity: a whole number of items, at least one.
fn quantity(text: &str) -> Result<i32, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    let range = Invalid::Range {
        min: 1,
        max: MAX_QUANTITY,
    };
    match text.parse::<i64>() {
        Ok(n) if (1..=MAX_QUANTITY).contains(&n) => i32::try_from(n).map_err(|_| range),
        _ => Err(range),
    }
}

/// What the lines add up to; a sum too large to hold is refused, never wrapped.
fn total(lines: &[OrderLine], currency: &str) -> Result<Money, Invalid> {
    lines
        .iter()
        .try_fold(0i64, |sum, line| {
            let amount = line.unit_amount.minor.checked_mul(line.quantity.into())?;
            sum.checked_add(amount)
        })
        .map(|minor| Money {
            minor,
            currency: currency.to_owned(),
        })
        .ok_or(Invalid::Range {
            min: i64::MIN,
            max: i64::MAX,
        })
}

/// The number of an order sent without one: its day and the random end of its id
/// (`20261207-3F9A0C1B2D4E`), so that numbers made on one day sort and read together and
/// never meet.
pub(crate) fn number_for(id: Uuid, day: NaiveDate) -> String {
    let id = id.simple().to_string().to_uppercase();
    format!("{}-{}", day.format("%Y%m%d"), &id[id.len() - 12..])
}

/// A new order's row for the contact (and their company); `job` is the import that
/// creates it, if one does.
pub(crate) fn new_order(
    id: Uuid,
    (contact, company): (Uuid, Option<Uuid>),
    number: String,
    valid: &ValidOrder,
    created_by: Uuid,
    now: DateTime<Utc>,
    job: Option<Uuid>,
) -> order::ActiveModel {
    order::ActiveModel {
        id: Set(id),
        contact_id: Set(Some(contact)),
        company_id: Set(company),
        number: Set(number),
        external_id: Set(valid.external_id.clone()),
        ordered_at: Set(valid.ordered_at),
        amount_minor: Set(valid.amount.minor),
        currency: Set(valid.amount.currency.clone()),
        status: Set(valid.status.as_str().to_owned()),
        note: Set(valid.note.clone()),
        created_by: Set(Some(created_by)),
        last_job_id: Set(job),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Writes an order's lines, in their order, in place of any it had.
pub(crate) async fn write_lines<C: ConnectionTrait>(
    conn: &C,
    order_id: Uuid,
    lines: &[OrderLine],
) -> Result<(), AppError> {
    order_line::Entity::delete_many()
        .filter(order_line::Column::OrderId.eq(order_id))
        .exec(conn)
        .await?;
    if lines.is_empty() {
        return Ok(());
    }
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, line)| order_line::ActiveModel {
            id: Set(Uuid::now_v7()),
            order_id: Set(order_id),
            position: Set(i as i32),
            description: Set(line.description.clone()),
            quantity: Set(line.quantity),
            unit_amount_minor: Set(line.unit_amount.minor),
        });
    order_line::Entity::insert_many(rows).exec(conn).await?;
    Ok(())
}

/// Refuses an order whose ERP id or number another order has: the ERP id first, since a
/// sender that names one finds its orders by it.
async fn refuse_taken<C: ConnectionTrait>(
    conn: &C,
    number: &str,
    external_id: Option<&str>,
) -> Result<(), AppError> {
    let mut keys = Condition::any().add(order::Column::Number.eq(number));
    if let Some(external_id) = external_id {
        keys = keys.add(order::Column::ExternalId.eq(external_id));
    }
    let taken = order::Entity::find().filter(keys).all(conn).await?;
    if taken
        .iter()
        .any(|o| external_id.is_some() && o.external_id.as_deref() == external_id)
    {
        return Err(AppError::invalid("external_id", Invalid::Taken));
    }
    if !taken.is_empty() {
        return Err(AppError::invalid("number", Invalid::Taken));
    }
    Ok(())
}

/// Records an order for a contact: editing the customer's record, so the contact's editors
/// only. It is numbered if it came without a number, and in the workspace's currency if it
/// came without one.
pub async fn add_order<C: Writer>(
    conn: &C,
    actor: &Actor,
    contact_id: Uuid,
    form: &OrderForm,
    now: DateTime<Utc>,
) -> Result<Order, AppError> {
    let (contact, zone, now) = start_write(
        conn,
        actor,
        contact_id,
        Action::EditCustomer,
        "order.create",
        now,
    )
    .await?;
    let mut form = form.clone();
    if form.currency.trim().is_empty() {
        form.currency = settings::service::base_currency(conn).await?;
    }
    let mut check = FieldCheck::default();
    let valid = check_order(&form, zone, &mut check);
    let Some(valid) = valid else {
        return Err(check.into_error());
    };
    check.finish()?;
    let id = Uuid::now_v7();
    let number = valid
        .number
        .clone()
        .unwrap_or_else(|| number_for(id, valid.ordered_at.with_timezone(&zone).date_naive()));
    let txn = crate::core::db::write(conn).await?;
    refuse_taken(&txn, &number, valid.external_id.as_deref()).await?;
    let row = new_order(
        id,
        (contact.id, contact.company_id),
        number,
        &valid,
        actor.user.id,
        now,
        None,
    );
    let model = match row.insert(&txn).await {
        Ok(model) => model,
        // Taken between the check and the write, by an order sent at the same time.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::invalid("number", Invalid::Taken));
        }
        Err(err) => return Err(err.into()),
    };
    write_lines(&txn, id, &valid.lines).await?;
    let order = to_order(model, valid.lines)?;
    let record = entry(actor, "order.create", "order", id)
        .changes(serde_json::to_value(&order).map_err(AppError::internal)?);
    audit::record(&txn, record).await?;
    outbox::enqueue(&txn, &Event::OrderCreated(event(&order, contact.id))).await?;
    txn.commit().await?;
    Ok(order)
}

/// Changes an order's status (paid, shipped, cancelled, refunded, as [`OrderStatus::may_become`]
/// allows) and note, at the version it was read at.
pub async fn change_order<C: Writer>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    change: &OrderChange,
    version: i32,
    now: DateTime<Utc>,
) -> Result<Order, AppError> {
    let model = policy::seen::<order::Entity, _>(conn, actor, id).await?;
    // An order whose customer was erased is kept for the books as it is.
    let contact_id = model
        .contact_id
        .ok_or_else(|| policy::refused(actor, "order.update"))?;
    authorize(
        conn,
        actor,
        contact_id,
        Action::EditCustomer,
        "order.update",
    )
    .await?;
    let before = load(conn, model).await?;
    if before.version != version {
        return Err(AppError::conflict(&before));
    }
    let mut check = FieldCheck::default();
    let status = match change.status.as_deref() {
        None => Some(before.status),
        Some(status) => check.check(
            "status",
            choice::<OrderStatus>(status.trim()).and_then(|next| {
                (next == before.status || before.status.may_become(next))
                    .then_some(next)
                    .ok_or(Invalid::Transition)
            }),
        ),
    };
    let note = match change.note.as_deref() {
        None => Some(before.note.clone()),
        Some(note) => check.check("note", parse::optional_long_text(note, NOTE_LEN)),
    };
    let (Some(status), Some(note)) = (status, note) else {
        return Err(check.into_error());
    };
    check.finish()?;
    let now = now.trunc_subsecs(6);
    let txn = crate::core::db::write(conn).await?;
    let update = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(status.as_str()))
        .col_expr(order::Column::Note, Expr::value(note));
    records::update_versioned(&txn, update, id, version, now, async || get(&txn, id).await).await?;
    let after = get(&txn, id).await?;
    let record = entry(actor, "order.update", "order", id).changes(audit::changes(&before, &after));
    audit::record(&txn, record).await?;
    outbox::enqueue(&txn, &Event::OrderUpdated(event(&after, contact_id))).await?;
    txn.commit().await?;
    Ok(after)
}

/// An order the user may see, with its lines.
pub async fn get_order<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<Order, AppError> {
    let model = policy::seen::<order::Entity, _>(conn, actor, id).await?;
    load(conn, model).await
}

/// A page of the orders the user may see, the newest made first, narrowed by `query`.
pub async fn list_orders<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    query: &OrderQuery,
) -> Result<OrderPage, AppError> {
    let mut select = policy::find::<order::Entity, _>(conn, actor).await?;
    if let Some(contact) = query.contact_id {
        select = select.filter(order::Column::ContactId.eq(contact));
    }
    if let Some(status) = query.status.as_deref() {
        let status =
            choice::<OrderStatus>(status.trim()).map_err(|why| AppError::invalid("status", why))?;
        select = select.filter(order::Column::Status.eq(status.as_str()));
    }
    if let Some(number) = query.number.as_deref() {
        select = select.filter(order::Column::Number.eq(number.trim()));
    }
    if let Some(external_id) = query.external_id.as_deref() {
        select = select.filter(order::Column::ExternalId.eq(external_id.trim()));
    }
    let (models, next) = cursor::newest_first(
        conn,
        select,
        order::Column::Id,
        query.after.as_deref(),
        PAGE_SIZE,
        |o| o.id,
    )
    .await?;
    let orders = with_lines(conn, models).await?;
    Ok(OrderPage { orders, next })
}

/// The order `id`, with its lines, or `NotFound`.
async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Order, AppError> {
    let model = records::find_or_404::<order::Entity, _>(conn, id).await?;
    load(conn, model).await
}

/// One order with its lines.
async fn load<C: ConnectionTrait>(conn: &C, model: order::Model) -> Result<Order, AppError> {
    let mut orders = with_lines(conn, vec![model]).await?;
    orders.pop().ok_or(AppError::NotFound)
}

/// Orders with their lines, read in one query, in the order given.
pub(crate) async fn with_lines<C: ConnectionTrait>(
    conn: &C,
    models: Vec<order::Model>,
) -> Result<Vec<Order>, AppError> {
    let mut lines: BTreeMap<Uuid, Vec<OrderLine>> = BTreeMap::new();
    if !models.is_empty() {
        let currencies: BTreeMap<Uuid, &str> =
            models.iter().map(|m| (m.id, m.currency.as_str())).collect();
        let rows = order_line::Entity::find()
            .filter(order_line::Column::OrderId.is_in(currencies.keys().copied()))
            .order_by_asc(order_line::Column::OrderId)
            .order_by_asc(order_line::Column::Position)
            .all(conn)
            .await?;
        for row in rows {
            let currency = currencies.get(&row.order_id).copied().unwrap_or_default();
            lines.entry(row.order_id).or_default().push(OrderLine {
                description: row.description,
                quantity: row.quantity,
                unit_amount: Money {
                    minor: row.unit_amount_minor,
                    currency: currency.to_owned(),
                },
            });
        }
    }
    models
        .into_iter()
        .map(|model| {
            let lines = lines.remove(&model.id).unwrap_or_default();
            to_order(model, lines)
        })
        .collect()
}

pub(super) fn to_order(model: order::Model, lines: Vec<OrderLine>) -> Result<Order, AppError> {
    Ok(Order {
        status: OrderStatus::parse(&model.status)
            .ok_or_else(|| AppError::internal(format!("unknown order status {}", model.status)))?,
        id: model.id,
        contact_id: model.contact_id,
        number: model.number,
        external_id: model.external_id,
        ordered_at: model.ordered_at,
        amount: Money {
            minor: model.amount_minor,
            currency: model.currency,
        },
        note: model.note,
        lines,
        version: model.version,
    })
}

fn event(order: &Order, contact_id: Uuid) -> events::Order {
    events::Order {
        id: order.id,
        contact_id,
        number: order.number.clone(),
        amount: order.amount.clone(),
        status: order.status.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(description: &str, quantity: &str, unit_amount: &str) -> OrderLineForm {
        OrderLineForm {
            description: description.into(),
            quantity: quantity.into(),
            unit_amount: unit_amount.into(),
        }
    }

    #[test]
    fn lines_add_up_to_the_total_unless_the_order_names_its_own() {
        let zone = chrono_tz::Asia::Shanghai;
        let mut form = OrderForm {
            ordered_on: "2026-12-01".into(),
            currency: "CNY".into(),
            status: "paid".into(),
            lines: vec![line("Tea, 500 g", "3", "120.50"), line("Cups", "2", "¥40")],
            ..OrderForm::default()
        };
        let mut check = FieldCheck::default();
        let valid = check_order(&form, zone, &mut check).unwrap();
        assert_eq!(valid.amount.minor, 3 * 12_050 + 2 * 4_000);
        assert_eq!(valid.lines[1].unit_amount.currency, "CNY");
        assert_eq!(valid.number, None);

        form.amount = "400".into();
        let valid = check_order(&form, zone, &mut check).unwrap();
        assert_eq!(valid.amount.minor, 40_000);
        assert!(check.finish().is_ok());
    }

    #[test]
    fn each_bad_line_is_refused_on_its_own_field() {
        let form = OrderForm {
            ordered_on: "2026-12-01".into(),
            currency: "CNY".into(),
            status: "paid".into(),
            lines: vec![
                line("Tea", "1", "10"),
                line("", "0", "$5"),
                line("Cups", "2.5", "9"),
                line("Pot", "1", &format!("{}", i64::MAX / 100)),
                line("Pot", "2", &format!("{}", i64::MAX / 100)),
            ],
            ..OrderForm::default()
        };
        let mut check = FieldCheck::default();
        assert!(check_order(&form, chrono_tz::UTC, &mut check).is_none());
        let range = |min, max| vec![Invalid::Range { min, max }];
        let refused = check.into_error();
        assert_eq!(refused.field("lines[1].description"), [Invalid::Required]);
        assert_eq!(refused.field("lines[1].quantity"), range(1, MAX_QUANTITY));
        assert_eq!(refused.field("lines[1].unit_amount"), [Invalid::Currency]);
        assert_eq!(refused.field("lines[2].quantity"), range(1, MAX_QUANTITY));
        assert!(refused.field("lines[0].quantity").is_empty());
        // Refused lines are not refused again as a total.
        assert!(refused.field("amount").is_empty());

        let too_much = OrderForm {
            lines: form.lines[3..].to_vec(),
            ..form
        };
        let mut check = FieldCheck::default();
        assert!(check_order(&too_much, chrono_tz::UTC, &mut check).is_none());
        let refused = check.into_error();
        assert_eq!(refused.field("amount"), range(i64::MIN, i64::MAX));
    }

    #[test]
    fn made_numbers_carry_the_day_and_differ() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let number = number_for(a, day);
        assert!(number.starts_with("20261207-"), "{number}");
        assert_eq!(number.len(), "20261207-".len() + 12);
        assert_ne!(number, number_for(b, day));
    }

    #[test]
    fn an_order_moves_only_where_its_life_goes() {
        use OrderStatus::*;
        assert!(Pending.may_become(Paid));
        assert!(Paid.may_become(Refunded));
        assert!(Fulfilled.may_become(Refunded));
        assert!(!Fulfilled.may_become(Cancelled));
        assert!(!Cancelled.may_become(Paid));
        assert!(!Refunded.may_become(Paid));
        assert!(!Pending.may_become(Refunded));
    }
}
