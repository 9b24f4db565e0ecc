//! `GET /api/v1/campaigns` (every campaign, the newest first, with its status, segment,
//! audience and sends), `GET /api/v1/campaigns/{id}` (one, with its message and schedule) and
//! `GET /api/v1/campaigns/{id}/report` (what it brought: opens, clicks, unsubscribes and the
//! orders and won deals of its recipients within `days`, as its page counts them unless named),
//! to the marketers, managers and owners who run campaigns, with a `campaigns` token.

use app::auth::tokens::types::Area;
use app::campaigns::campaign::service;
use app::campaigns::campaign::service::report::report;
use app::campaigns::campaign::types::DEFAULT_CONVERSION_DAYS;
use app::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::Caller;
use super::versions::tagged;

pub async fn list(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Campaigns, false)?;
    Ok(Json(service::list(&conn, actor).await?).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Campaigns, false)?;
    let campaign = service::get(&conn, actor, id).await?;
    Ok(tagged(&campaign, campaign.version))
}

pub async fn results(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Campaigns, false)?;
    let days = crate::api::parsed_param(&params, "days")?.unwrap_or(DEFAULT_CONVERSION_DAYS);
    Ok(Json(report(&conn, actor, id, days).await?).into_response())
}
