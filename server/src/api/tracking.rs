//! The tracker of campaign mail: `/mail/open?t=…`, the invisible image that counts an
//! opening, and `/mail/click?t=…`, which counts a click and leads on to the campaign's link
//! the token names. Neither needs a session: mail programs and readers reach them from
//! outside.

use app::campaigns::campaign::service::tracking;
use app::core::signing::SecretKey;
use app::error::AppError;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::DatabaseConnection;

use crate::api::unsubscribe::Link;

/// A transparent GIF of one pixel.
const PIXEL: [u8; 43] = [
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// What a reader who followed a broken or made-up link reads; the tracker knows neither
/// their language nor the workspace's, so it says it in both.
const NOT_A_LINK: &str = "This link is not valid. 此链接无效。";

pub async fn open(
    State(conn): State<DatabaseConnection>,
    State(key): State<SecretKey>,
    Query(link): Query<Link>,
) -> Response {
    match tracking::opened(&conn, &key, &link.t, chrono::Utc::now()).await {
        Ok(()) => {}
        Err(AppError::Validation(_)) => return StatusCode::NOT_FOUND.into_response(),
        // The reader sees the image either way; only the count misses one.
        Err(err) => tracing::error!(?err, "could not count a campaign opening"),
    }
    (
        [
            (header::CONTENT_TYPE, "image/gif"),
            // Each opening should reach the tracker, not a cache.
            (header::CACHE_CONTROL, "no-store"),
        ],
        PIXEL,
    )
        .into_response()
}

pub async fn click(
    State(conn): State<DatabaseConnection>,
    State(key): State<SecretKey>,
    Query(link): Query<Link>,
) -> Response {
    match tracking::clicked(&conn, &key, &link.t, chrono::Utc::now()).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(AppError::Validation(_)) => (StatusCode::NOT_FOUND, NOT_A_LINK).into_response(),
        Err(err) => {
            tracing::error!(?err, "could not follow a campaign link");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
