//! `GET /api/v1/contacts/{id}/history` (a page of a contact's calls, emails, meetings, notes,
//! messages and orders, newest first; `after` is the `next` of the page before) and
//! `POST /api/v1/contacts/{id}/interactions` (one logged, as the contact page logs it; an
//! `Idempotency-Key` makes a retry safe).

use app::auth::tokens::types::Area;
use app::customers::history::service;
use app::customers::history::types::InteractionForm;
use app::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::body::Body;
use super::{Caller, IdempotencyKey};

/// An interaction as a program logs it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionInput {
    /// `call`, `email`, `meeting`, `note` or `sms`.
    pub kind: Option<String>,
    /// `inbound` or `outbound`, for a call, email or message.
    pub direction: Option<String>,
    /// When it happened: `2026-12-02T15:00:00+08:00`, or a local time of the token's person;
    /// now, unless given.
    pub occurred_at: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

pub async fn list(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    let after = crate::api::param(&params, "after");
    Ok(Json(service::history(&conn, actor, id, after).await?).into_response())
}

pub async fn create(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    key: IdempotencyKey,
    Body(input): Body<InteractionInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, true)?;
    let form = InteractionForm {
        kind: input.kind.clone().unwrap_or_default(),
        direction: input.direction.clone().unwrap_or_default(),
        occurred_at: input.occurred_at.clone().unwrap_or_default(),
        subject: input.subject.clone().unwrap_or_default(),
        body: input.body.clone().unwrap_or_default(),
        id: None,
    };
    let under = format!("/api/v1/contacts/{id}/interactions");
    super::create(&conn, actor, key, &input, &under, async |txn| {
        service::log(txn, actor, id, &form, chrono::Utc::now()).await
    })
    .await
}
