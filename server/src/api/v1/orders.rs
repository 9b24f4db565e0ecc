//! `GET /api/v1/orders` (a page of the orders the token's person sees, the newest first,
//! narrowed by `contact_id`, `status`, `number` or `external_id`; `after` is the `next` of the
//! page before), `POST /api/v1/orders` (an order as an ERP sends it, with its lines; numbered
//! when it comes without a number; an `Idempotency-Key` makes a retry safe),
//! `GET /api/v1/orders/{id}` and `PATCH /api/v1/orders/{id}` (paid, shipped, cancelled or
//! refunded, and its note, at the version named in `If-Match`).

use app::auth::tokens::types::Area;
use app::customers::history::orders;
use app::customers::history::types::{OrderChange, OrderForm, OrderLineForm, OrderQuery};
use app::error::{AppError, Invalid};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::body::{Amount, Body};
use super::versions::{IfMatch, tagged};
use super::{Caller, IdempotencyKey};

const UNDER: &str = "/api/v1/orders";

/// An order as a program sends it: `contact_id` and `ordered_on` are needed, and an `amount`
/// unless the `lines` add up to it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub contact_id: Option<Uuid>,
    /// The shop's number; one is made (`20261207-3F9A0C1B2D4E`) when none is sent.
    pub number: Option<String>,
    /// The sender's own id of the order, by which it finds the order again.
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`, a day in the token's person's time zone.
    pub ordered_on: Option<String>,
    pub amount: Option<Amount>,
    /// `CNY`; the workspace's currency unless named.
    pub currency: Option<String>,
    /// `pending`, `paid` (unless named), `fulfilled`, `cancelled` or `refunded`.
    pub status: Option<String>,
    pub note: Option<String>,
    pub lines: Option<Vec<LineInput>>,
}

/// One line of an order: what, how many, and the price of one in the order's currency.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    pub description: Option<String>,
    pub quantity: Option<Amount>,
    pub unit_amount: Option<Amount>,
}

impl OrderInput {
    fn form(self) -> OrderForm {
        let text = |amount: Option<Amount>| amount.map(Amount::text).unwrap_or_default();
        OrderForm {
            number: self.number.unwrap_or_default(),
            external_id: self.external_id.unwrap_or_default(),
            ordered_on: self.ordered_on.unwrap_or_default(),
            amount: text(self.amount),
            currency: self.currency.unwrap_or_default(),
            status: self.status.unwrap_or_else(|| "paid".to_owned()),
            note: self.note.unwrap_or_default(),
            lines: self
                .lines
                .unwrap_or_default()
                .into_iter()
                .map(|line| OrderLineForm {
                    description: line.description.unwrap_or_default(),
                    quantity: text(line.quantity),
                    unit_amount: text(line.unit_amount),
                })
                .collect(),
        }
    }
}

pub async fn list(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    let param = |name: &str| crate::api::param(&params, name).map(str::to_owned);
    let query = OrderQuery {
        contact_id: crate::api::parsed_param(&params, "contact_id")?,
        status: param("status"),
        number: param("number"),
        external_id: param("external_id"),
        after: param("after"),
    };
    let page = orders::list_orders(&conn, actor, &query).await?;
    Ok(Json(page).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    let order = orders::get_order(&conn, actor, id).await?;
    Ok(tagged(&order, order.version))
}

pub async fn create(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    key: IdempotencyKey,
    Body(input): Body<OrderInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, true)?;
    let contact_id = input
        .contact_id
        .ok_or_else(|| AppError::invalid("contact_id", Invalid::Required))?;
    let form = input.clone().form();
    super::create(&conn, actor, key, &input, UNDER, async |txn| {
        orders::add_order(txn, actor, contact_id, &form, chrono::Utc::now()).await
    })
    .await
}

pub async fn update(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Body(change): Body<OrderChange>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, true)?;
    // A change that changes nothing says so, rather than answer as if it had.
    if change == OrderChange::default() {
        return Err(AppError::invalid("body", Invalid::Required));
    }
    let now = chrono::Utc::now();
    let order = orders::change_order(&conn, actor, id, &change, version, now)
        .await
        .map_err(AppError::stale)?;
    Ok(tagged(&order, order.version))
}
