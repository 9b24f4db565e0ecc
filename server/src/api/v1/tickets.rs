//! `GET /api/v1/tickets` (a page of the desk's tickets: `view` — `all` unless named, or
//! `open`, `pending`, `solved`, `unassigned`, `mine`, `at_risk`, `breached` — `q`, and
//! `after`, the id of the last ticket of the page before; `more` says whether one follows) and
//! `GET /api/v1/tickets/{id}` (a ticket with its messages).

use app::auth::tokens::types::Area;
use app::core::code::TextCode;
use app::error::{AppError, Invalid};
use app::tickets::service;
use app::tickets::types::{InboxQuery, View};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::Caller;

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
