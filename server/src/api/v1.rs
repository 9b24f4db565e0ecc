//! The REST API for other programs (`/api/v1/…`): an ERP, a finance system. A caller sends an
//! API token (`Authorization: Bearer banyan_…`), made by a person on their account page or with
//! `banyan token create`; it acts with that person's rights, within the token's scopes, through
//! the same services as the screens. A browser's session does not open it: a token does.
//! Errors are problem details, in the caller's language (`Accept-Language`); a token used too
//! often is answered 429 with `Retry-After`. Bodies are JSON (`body`); a change names the
//! version it read (`versions`), and a create may carry an `Idempotency-Key`.

pub mod body;
pub mod campaigns;
pub mod companies;
pub mod contacts;
pub mod deals;
pub mod history;
pub mod lists;
pub mod orders;
pub mod tasks;
#[cfg(test)]
mod tests;
pub mod tickets;
pub mod versions;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::auth::tokens::requests::{self, Answer};
use app::auth::tokens::service::resolve;
use app::auth::tokens::types::{Area, Scope};
use app::core::actor::Actor;
use app::core::signing::sha256_hex;
use app::error::AppError;
use axum::Json;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde::Serialize;

use crate::http::rate_limit::RateLimit;

/// Requests a minute per token unless the operator says otherwise (`BANYAN_API_RATE`): enough
/// for a sync that pages through everything, not for a runaway loop to crowd out the people
/// using the screens.
pub const DEFAULT_RATE: usize = 600;

/// Requests per token and minute.
#[derive(Clone)]
pub struct ApiLimit(pub Arc<RateLimit>);

impl ApiLimit {
    pub fn per_minute(requests: usize) -> Self {
        ApiLimit(Arc::new(RateLimit::new(requests, Duration::from_secs(60))))
    }
}

impl Default for ApiLimit {
    fn default() -> Self {
        ApiLimit::per_minute(DEFAULT_RATE)
    }
}

/// The program calling, as its token says: whom it acts for, and where.
pub struct Caller {
    actor: Actor,
    scopes: Vec<Scope>,
}

impl Caller {
    /// The person the token acts for, if it may read (or, `write`, change) `area`.
    pub fn may(&self, area: Area, write: bool) -> Result<&Actor, AppError> {
        if Scope::allows(&self.scopes, Scope { area, write }) {
            Ok(&self.actor)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    DatabaseConnection: FromRef<S>,
    ApiLimit: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthorized)?;
        let conn = DatabaseConnection::from_ref(state);
        let (actor, scopes) = resolve(&conn, secret.trim(), chrono::Utc::now())
            .await?
            .ok_or(AppError::Unauthorized)?;
        // The token's id is what the session's would be.
        let ApiLimit(limit) = ApiLimit::from_ref(state);
        if let Err(wait) = limit.allow(actor.session_id.to_string(), Instant::now()) {
            return Err(AppError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        Ok(Caller { actor, scopes })
    }
}

/// The `Idempotency-Key` a create may carry.
pub struct IdempotencyKey(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let key = parts.headers.get("idempotency-key");
        let key = key.map(|key| requests::parse_key(key.as_bytes()));
        Ok(IdempotencyKey(key.transpose()?))
    }
}

/// Answers a create (201, with where the record now lives and its version): `make` makes it
/// in a transaction. With a key, the same request sent again gets the first answer, and a
/// record is made once.
pub async fn create<T: Serialize>(
    conn: &DatabaseConnection,
    actor: &Actor,
    IdempotencyKey(key): IdempotencyKey,
    request: &impl Serialize,
    under: &str,
    make: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, AppError>,
) -> Result<Response, AppError> {
    let made = async |txn: &DatabaseTransaction| {
        let record = make(txn).await?;
        let body = serde_json::to_value(record).map_err(AppError::internal)?;
        Ok((StatusCode::CREATED.as_u16(), body))
    };
    let answer = match key {
        Some(key) => {
            let request = serde_json::to_vec(request).map_err(AppError::internal)?;
            let fingerprint = sha256_hex(&[under.as_bytes(), b"\n", &request].concat());
            let now = chrono::Utc::now();
            requests::once(conn, actor.session_id, &key, &fingerprint, now, made).await?
        }
        None => {
            let txn = app::core::db::write(conn).await?;
            let (status, body) = made(&txn).await?;
            txn.commit().await?;
            Answer {
                status,
                body,
                replayed: false,
            }
        }
    };
    Ok(created(under, answer))
}

/// A create's answer, the first time or again.
fn created(under: &str, answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::CREATED);
    let (id, version) = (&answer.body["id"], &answer.body["version"]);
    let mut response = (status, Json(&answer.body)).into_response();
    let headers = response.headers_mut();
    if let (Some(id), Some(version)) = (id.as_str(), version.as_i64())
        && let Ok(location) = HeaderValue::from_str(&format!("{under}/{id}"))
    {
        headers.insert(header::LOCATION, location);
        headers.insert(header::ETAG, versions::etag(version));
    }
    if answer.replayed {
        headers.insert(
            HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
    }
    response
}

/// A field of a change: what was sent (`""` empties it), else what the record holds.
pub fn sent_or(sent: Option<String>, held: Option<&str>) -> String {
    sent.unwrap_or_else(|| held.unwrap_or_default().to_owned())
}
