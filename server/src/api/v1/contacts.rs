//! `GET /api/v1/contacts` (a page of the list, narrowed as the screen narrows it: `q`, `owner`,
//! `company`, `lifecycle`, `source`, `tag`, `created_from`, `created_to`, `segment`, `sort`;
//! `after` is the `next` of the page before) and `GET /api/v1/contacts/{id}`.

use app::auth::tokens::types::Area;
use app::customers::service;
use app::customers::types::ContactQuery;
use app::error::AppError;
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
    let actor = caller.may(Area::Contacts, false)?;
    let param = |name: &str| crate::api::param(&params, name).map(str::to_owned);
    let page = service::list(&conn, actor, &ContactQuery::from_params(param)).await?;
    Ok(Json(page).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    Ok(Json(service::get(&conn, actor, id).await?).into_response())
}
