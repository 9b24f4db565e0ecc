//! `GET /api/v1/tickets` (a page of the desk's tickets: `view` — `all` unless named, or
//! `open`, `pending`, `solved`, `unassigned`, `mine`, `at_risk`, `breached` — `q`, and
//! `after`, the id of the last ticket of the page before; `more` says whether one follows),
//! `POST /api/v1/tickets` (a ticket a program opens for a customer, channel `api`),
//! `GET /api/v1/tickets/{id}` (a ticket with its messages), `PATCH /api/v1/tickets/{id}` (its
//! status, priority, assignee and tags) and `POST /api/v1/tickets/{id}/messages` (a reply
//! mailed to the customer, or an internal note), both at the version named in `If-Match`.

use app::auth::tokens::types::Area;
use app::core::code::TextCode;
use app::error::{AppError, Invalid};
use app::tickets::service;
use app::tickets::types::{InboxQuery, NewTicket, ReplyForm, TicketPatch, View};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::body::Body;
use super::versions::{IfMatch, tagged};
use super::{Caller, IdempotencyKey};

const UNDER: &str = "/api/v1/tickets";

/// A ticket as a program opens it: for `contact_id`, with a `subject` and the customer's
/// words in `body`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TicketInput {
    pub contact_id: Option<Uuid>,
    pub subject: Option<String>,
    pub body: Option<String>,
    /// `low`, `normal` (unless named), `high` or `urgent`.
    pub priority: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// One of the customer's orders the ticket is about.
    pub order_id: Option<Uuid>,
}

/// A change beside the thread; a field not sent stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TicketChange {
    /// `new`, `open`, `pending`, `solved` or `closed`, as the ticket's life allows.
    pub status: Option<String>,
    pub priority: Option<String>,
    /// An agent's id; `""` takes the ticket from whoever has it.
    pub assignee_id: Option<String>,
    /// All of its tags: the list replaces the one before.
    pub tags: Option<Vec<String>>,
}

/// A message on a ticket: a reply mailed to the customer, or with `note` a note for the
/// desk only; `status` moves the ticket on with it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    pub body: Option<String>,
    pub note: Option<bool>,
    pub status: Option<String>,
}

pub async fn list(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Tickets, false)?;
    let param = |name: &str| crate::api::param(&params, name);
    let view = match param("view") {
        None => View::All,
        Some(view) => {
            View::parse(view).ok_or_else(|| AppError::invalid("view", Invalid::Choice))?
        }
    };
    let after = match param("after") {
        None => None,
        Some(id) => Some(
            id.parse()
                .map_err(|_| AppError::invalid("after", Invalid::Choice))?,
        ),
    };
    let query = InboxQuery {
        view,
        q: param("q").unwrap_or_default().to_owned(),
        after,
    };
    let page = service::inbox(&conn, actor, &query, chrono::Utc::now()).await?;
    Ok(Json(page).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Tickets, false)?;
    let thread = service::thread(&conn, actor, id, chrono::Utc::now()).await?;
    Ok(Json(thread).into_response())
}

pub async fn create(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    key: IdempotencyKey,
    Body(input): Body<TicketInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Tickets, true)?;
    let id = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    let form = NewTicket {
        contact_id: input.contact_id,
        subject: input.subject.clone().unwrap_or_default(),
        body: input.body.clone().unwrap_or_default(),
        priority: input.priority.clone().unwrap_or_default(),
        assignee_id: id(input.assignee_id),
        order_id: id(input.order_id),
        channel: "api".into(),
    };
    super::create(&conn, actor, key, &input, UNDER, async |txn| {
        service::create(txn, actor, &form, chrono::Utc::now()).await
    })
    .await
}

pub async fn update(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Body(change): Body<TicketChange>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Tickets, true)?;
    if change == TicketChange::default() {
        return Err(AppError::invalid("body", Invalid::Required));
    }
    let now = chrono::Utc::now();
    // The screens' form sends every field: what the program left out is the ticket's own.
    let ticket = service::thread(&conn, actor, id, now).await?.ticket;
    let patch = TicketPatch {
        status: change
            .status
            .unwrap_or_else(|| ticket.status.as_str().to_owned()),
        priority: change
            .priority
            .unwrap_or_else(|| ticket.priority.as_str().to_owned()),
        assignee_id: change.assignee_id.unwrap_or_else(|| {
            ticket
                .assignee_id
                .map(|id| id.to_string())
                .unwrap_or_default()
        }),
        tags: change.tags.unwrap_or(ticket.tags).join(","),
    };
    let ticket = service::update(&conn, actor, id, version, &patch, now)
        .await
        .map_err(AppError::stale)?;
    Ok(tagged(&ticket, ticket.version))
}

/// Answers 201 with the thread as it is now, and the ticket's new version in `ETag`: the
/// version the next change names.
pub async fn add_message(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Body(input): Body<MessageInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Tickets, true)?;
    let form = ReplyForm {
        body: input.body.unwrap_or_default(),
        note: input.note.unwrap_or_default(),
        status: input.status.unwrap_or_default(),
        files: Vec::new(),
    };
    let now = chrono::Utc::now();
    let thread = service::reply(&conn, actor, id, version, &form, now)
        .await
        .map_err(AppError::stale)?;
    let mut response = tagged(&thread, thread.ticket.version);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}
