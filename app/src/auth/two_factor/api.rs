//! The server functions of two-factor sign-in. The two steps of signing in answer callers
//! without a session (see the app's `anonymous_paths`); the ticket from the password step is
//! what lets them in.

use std::collections::BTreeMap;

use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Enrolment, TwoFactorPolicy, TwoFactorStatus};
#[cfg(feature = "ssr")]
use crate::auth::api::{safe_next, throttle};
#[cfg(feature = "ssr")]
use crate::auth::session;
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// Finishes signing in with a code; answers with where to go next.
#[server]
pub async fn login_code(
    ticket: String,
    code: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let (server, throttle) = (context::server()?, throttle()?);
    let (_, token) = super::service::login_code(
        &server.conn,
        &server.key,
        &throttle,
        &ticket,
        &code,
        session::this_device(server.secure_cookies)?,
        chrono::Utc::now(),
    )
    .await?;
    context::set_cookie(&session::cookie(&token, server.secure_cookies));
    Ok(safe_next(next.as_deref()).to_owned())
}

/// Turns on the second factor the role requires with its first code, and signs in; answers
/// with the recovery codes, shown once.
#[server]
pub async fn login_enrol(ticket: String, code: String) -> Result<Vec<String>, AppError> {
    let server = context::server()?;
    let (token, codes) = super::service::login_enrol(
        &server.conn,
        &server.key,
        &ticket,
        &code,
        session::this_device(server.secure_cookies)?,
        chrono::Utc::now(),
    )
    .await?;
    context::set_cookie(&session::cookie(&token, server.secure_cookies));
    Ok(codes)
}

#[server]
pub async fn get_two_factor() -> Result<TwoFactorStatus, AppError> {
    super::service::status(&context::conn()?, &context::actor()?).await
}

/// A new secret to scan, for turning the second factor on or moving it to a new phone.
#[server]
pub async fn begin_two_factor() -> Result<Enrolment, AppError> {
    let server = context::server()?;
    super::service::begin(
        &server.conn,
        &server.key,
        &context::actor()?,
        chrono::Utc::now(),
    )
    .await
}

#[server]
pub async fn confirm_two_factor(ticket: String, code: String) -> Result<Vec<String>, AppError> {
    let server = context::server()?;
    let signed = context::actor()?;
    let now = chrono::Utc::now();
    super::service::confirm(&server.conn, &server.key, &signed, &ticket, &code, now).await
}

#[server]
pub async fn turn_off_two_factor(password: String) -> Result<(), AppError> {
    super::service::turn_off(&context::conn()?, &context::actor()?, &password).await
}

#[server]
pub async fn renew_recovery_codes(password: String) -> Result<Vec<String>, AppError> {
    super::service::renew_codes(&context::conn()?, &context::actor()?, &password).await
}

#[server]
pub async fn get_two_factor_policy() -> Result<TwoFactorPolicy, AppError> {
    super::service::policy_of(&context::conn()?, &context::actor()?).await
}

/// The roles to require a second factor of, as ticked boxes (`roles[sales]=on`), and the
/// roles as read, so that two owners' changes never overwrite each other unseen.
#[server]
pub async fn require_two_factor(
    roles: Option<BTreeMap<String, String>>,
    was: String,
) -> Result<TwoFactorPolicy, AppError> {
    let roles: Vec<String> = roles.unwrap_or_default().into_keys().collect();
    let (conn, actor) = (context::conn()?, context::actor()?);
    super::service::require_roles(&conn, &actor, &roles, &was).await
}

/// Removes a teammate's second factor, for someone who lost their phone and their codes.
#[server]
pub async fn remove_two_factor(id: Uuid) -> Result<(), AppError> {
    super::service::remove(&context::conn()?, &context::actor()?, id).await
}
