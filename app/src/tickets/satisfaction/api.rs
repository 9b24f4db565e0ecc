//! The rating page's server functions: open to anyone holding a link, so they take the
//! token, never a session.

use leptos::prelude::*;

use super::types::{RatingForm, Survey};
use crate::error::AppError;

/// The request a rating link is for, and the rating given so far.
#[server]
pub async fn get_survey(token: String) -> Result<Survey, AppError> {
    let server = crate::core::context::server()?;
    super::service::survey(&server.conn, &server.key, &token, chrono::Utc::now()).await
}

/// Keeps the requester's rating; a second one replaces the first.
#[server]
pub async fn rate_ticket(form: RatingForm) -> Result<Survey, AppError> {
    let server = crate::core::context::server()?;
    super::service::rate(&server.conn, &server.key, &form, chrono::Utc::now()).await
}
