//! The REST API for other programs (`/api/v1/…`): an ERP, a finance system. A caller sends an
//! API token (`Authorization: Bearer banyan_…`), made by a person on their account page or with
//! `banyan token create`; it acts with that person's rights, within the token's scopes, through
//! the same services as the screens. A browser's session does not open it: a token does.
//! Errors are problem details, in the caller's language (`Accept-Language`); a token used too
//! often is answered 429 with `Retry-After`.

pub mod contacts;
pub mod deals;
#[cfg(test)]
mod tests;
pub mod tickets;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::auth::tokens::service::resolve;
use app::auth::tokens::types::{Area, Scope};
use app::core::actor::Actor;
use app::error::AppError;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use sea_orm::DatabaseConnection;

use crate::http::rate_limit::RateLimit;

/// Requests per token: enough for a sync that pages through everything, not for a runaway
/// loop to crowd out the people using the screens.
#[derive(Clone)]
pub struct ApiLimit(pub Arc<RateLimit>);

impl Default for ApiLimit {
    fn default() -> Self {
        ApiLimit(Arc::new(RateLimit::new(600, Duration::from_secs(60))))
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
