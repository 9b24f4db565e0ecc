//! `GET /api/v1/tasks` (the token's person's open tasks: overdue, due today in their time zone,
//! and later), `POST /api/v1/tasks` (a task, on a deal or a contact; an `Idempotency-Key` makes
//! a retry safe), `GET /api/v1/tasks/{id}` (to its assignee, its creator and managers) and
//! `PATCH /api/v1/tasks/{id}` (done or open again, and a new due time, at the version named in
//! `If-Match`, in one transaction).

use app::auth::tokens::types::Area;
use app::deals::tasks::service;
use app::deals::tasks::types::TaskForm;
use app::error::AppError;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::body::Body;
use super::versions::{IfMatch, tagged};
use super::{Caller, IdempotencyKey};

const UNDER: &str = "/api/v1/tasks";

/// A task as a program sends it: a create needs `title` and `due`; a change sends `done`,
/// `due`, or both.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    pub title: Option<String>,
    /// `2026-12-02T15:00:00+08:00`, or a local time of the token's person.
    pub due: Option<String>,
    /// A teammate's id; the token's person unless named.
    pub assignee_id: Option<String>,
    pub deal_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub done: Option<bool>,
}

pub async fn mine(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, false)?;
    let tasks = service::mine(&conn, actor, chrono::Utc::now()).await?;
    Ok(Json(tasks).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, false)?;
    let task = service::get(&conn, actor, id).await?;
    Ok(tagged(&task, task.version))
}

pub async fn create(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    key: IdempotencyKey,
    Body(input): Body<TaskInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, true)?;
    let form = TaskForm {
        title: input.title.clone().unwrap_or_default(),
        due: input.due.clone().unwrap_or_default(),
        assignee_id: input
            .assignee_id
            .clone()
            .unwrap_or_else(|| actor.user.id.to_string()),
        deal_id: input.deal_id,
        contact_id: input.contact_id,
        id: None,
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
    Body(input): Body<TaskInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, true)?;
    let now = chrono::Utc::now();
    let txn = app::core::db::write(&conn).await?;
    let mut task = None;
    if let Some(due) = &input.due {
        let moved = service::reschedule(&txn, actor, id, version, due, now).await;
        task = Some(moved.map_err(AppError::stale)?);
    }
    if let Some(done) = input.done {
        let version = task.as_ref().map_or(version, |t| t.version);
        let marked = service::set_done(&txn, actor, id, version, done, now).await;
        task = Some(marked.map_err(AppError::stale)?);
    }
    // A change that changes nothing says so, rather than answer as if it had.
    let task = task.ok_or_else(|| AppError::invalid("body", app::error::Invalid::Required))?;
    txn.commit().await?;
    Ok(tagged(&task, task.version))
}
