//! `/mail/unsubscribe?t=…`: the address in a campaign mail's `List-Unsubscribe` header. Mail
//! programs post `List-Unsubscribe=One-Click` to it (RFC 8058) and expect the opt-out done,
//! without a page; someone who opens it in a browser is sent on to the unsubscribe page.

use app::campaigns::campaign::service::unsubscribe;
use app::core::signing::SecretKey;
use app::error::AppError;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

pub const ONE_CLICK: &str = "/mail/unsubscribe";

/// The token of a link in a campaign mail.
#[derive(Deserialize)]
pub struct Link {
    #[serde(default)]
    pub t: String,
}

pub async fn one_click(
    State(conn): State<DatabaseConnection>,
    State(key): State<SecretKey>,
    Query(link): Query<Link>,
) -> Response {
    match unsubscribe::set(&conn, &key, &link.t, false, chrono::Utc::now()).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(AppError::Validation(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(?err, "one-click unsubscribe failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

pub async fn open(Query(link): Query<Link>) -> Redirect {
    let token: String = form_urlencoded::byte_serialize(link.t.as_bytes()).collect();
    Redirect::to(&format!("/unsubscribe?t={token}"))
}
