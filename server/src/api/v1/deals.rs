//! `GET /api/v1/deals` (a page of every deal the token's person sees, open or closed, the newest
//! first, narrowed as the board narrows them — `pipeline_id`, `whose` (`mine`, `team`,
//! `everyone`), `q`, `close_from`, `close_to` — and by `stage_id` and `status` (`open`, `won`,
//! `lost`); `after` is the `next` of the page before), `POST /api/v1/deals` (a new deal in a
//! stage, for a contact: an `Idempotency-Key` makes a retry safe), `GET /api/v1/deals/{id}` (a
//! deal, its stage, customer and owner) and
//! `PATCH /api/v1/deals/{id}` (the fields sent change, and a `stage_id` moves it, with the
//! `reason` a lost stage needs; all at the version named in `If-Match`, in one transaction).

use app::auth::tokens::types::Area;
use app::core::code::choice;
use app::deals::service;
use app::deals::service::list::list as deal_list;
use app::deals::service::moving::move_deal;
use app::deals::types::{BoardQuery, Deal, DealForm, DealList, Move, NewDeal, Whose};
use app::error::AppError;
use app::i18n::format::plain_amount;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::body::{Amount, Body};
use super::versions::{IfMatch, tagged};
use super::{Caller, IdempotencyKey, sent_or};

const UNDER: &str = "/api/v1/deals";

/// A deal as a program sends it. A create needs `title` and `stage_id`; a change sends what
/// changes.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DealInput {
    pub title: Option<String>,
    pub amount: Option<Amount>,
    /// The amount's currency (`CNY`); the workspace's own unless named.
    pub currency: Option<String>,
    pub stage_id: Option<Uuid>,
    /// Why it was lost, when `stage_id` is a lost stage.
    pub reason: Option<String>,
    /// The customer, on a create.
    pub contact_id: Option<Uuid>,
    /// `YYYY-MM-DD`; empty for none.
    pub expected_close: Option<String>,
    /// The company's name, on a change: one of that name is made if none exists.
    pub company: Option<String>,
    /// A teammate's id, on a change; empty for nobody.
    pub owner_id: Option<String>,
}

impl DealInput {
    /// Whether a change sends any field besides the stage.
    fn edits(&self) -> bool {
        let DealInput {
            title,
            amount,
            currency,
            expected_close,
            company,
            owner_id,
            ..
        } = self;
        title.is_some()
            || amount.is_some()
            || currency.is_some()
            || expected_close.is_some()
            || company.is_some()
            || owner_id.is_some()
    }

    fn over(self, current: &Deal) -> DealForm {
        let amount = plain_amount(current.amount.minor, &current.amount.currency);
        let close = current.expected_close.map(|d| d.to_string());
        let owner = current.owner_id.map(|id| id.to_string());
        DealForm {
            title: self.title.unwrap_or_else(|| current.title.clone()),
            amount: self.amount.map_or(amount, Amount::text),
            currency: sent_or(self.currency, Some(&current.amount.currency)),
            expected_close: sent_or(self.expected_close, close.as_deref()),
            company: sent_or(self.company, current.company_name.as_deref()),
            owner_id: sent_or(self.owner_id, owner.as_deref()),
        }
    }
}

pub async fn list(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, false)?;
    let param = |name: &str| crate::api::param(&params, name).map(str::to_owned);
    let id = |name: &str| crate::api::parsed_param::<Uuid>(&params, name);
    let whose = param("whose")
        .map(|whose| choice::<Whose>(whose.trim()).map_err(|why| AppError::invalid("whose", why)))
        .transpose()?;
    let query = DealList {
        filters: BoardQuery {
            pipeline: id("pipeline_id")?,
            whose,
            q: param("q").unwrap_or_default(),
            close_from: param("close_from").unwrap_or_default(),
            close_to: param("close_to").unwrap_or_default(),
        },
        stage_id: id("stage_id")?,
        status: param("status"),
        after: param("after"),
    };
    let page = deal_list(&conn, actor, &query).await?;
    Ok(Json(page).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, false)?;
    let deal = service::get(&conn, actor, id).await?;
    Ok(tagged(&deal, deal.version))
}

pub async fn create(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    key: IdempotencyKey,
    Body(input): Body<DealInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, true)?;
    let Some(stage_id) = input.stage_id else {
        return Err(AppError::invalid("stage_id", app::error::Invalid::Required));
    };
    let new = NewDeal {
        title: input.title.clone().unwrap_or_default(),
        amount: input.amount.clone().map(Amount::text).unwrap_or_default(),
        currency: input.currency.clone().unwrap_or_default(),
        stage_id,
        contact_id: input.contact_id,
        id: None,
    };
    super::create(&conn, actor, key, &input, UNDER, async |txn| {
        let card = service::create(txn, actor, &new).await?;
        service::get(txn, actor, card.id).await
    })
    .await
}

pub async fn update(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Body(input): Body<DealInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, true)?;
    let current = service::get(&conn, actor, id).await?;
    let txn = app::core::db::write(&conn).await?;
    let mut version = version;
    let stage = input.stage_id.map(|stage_id| Move {
        stage_id,
        after: None,
        before: None,
        reason: input.reason.clone().unwrap_or_default(),
    });
    if input.edits() {
        let form = input.over(&current);
        let edited = service::update(&txn, actor, id, version, &form).await;
        version = edited.map_err(AppError::stale)?.version;
    }
    if let Some(to) = stage {
        let moved = move_deal(&txn, actor, id, version, &to, chrono::Utc::now()).await;
        moved.map_err(AppError::stale)?;
    }
    let after = service::get(&txn, actor, id).await?;
    txn.commit().await?;
    Ok(tagged(&after, after.version))
}
