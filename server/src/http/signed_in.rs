//! The signed-in user of a REST request, as the gate found them: a handler that takes
//! `SignedIn` answers a visitor without a session with 401 before it runs.

use app::core::actor::Actor;
use app::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

pub struct SignedIn(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .map(SignedIn)
            .ok_or(AppError::Unauthorized)
    }
}
