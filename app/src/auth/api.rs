//! The server functions of accounts. Only those named in the app's `anonymous_paths` answer
//! callers who are not signed in; the server refuses every other one without a session.

use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::service::SignIn;
use super::two_factor::types::LoginStep;
use super::types::{CreatedUser, LinkHolder, PasswordLink, SessionInfo};
use crate::core::actor::{User, Viewer};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// A path inside this site to go to after signing in; anything else is ignored, so a link
/// cannot send a user elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => "/",
    }
}

/// Signs in; answers with where to go next, or with the second step to take.
#[server]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<LoginStep, AppError> {
    let (server, throttle) = (context::server()?, throttle()?);
    let signed = super::service::login(
        &server.conn,
        &server.key,
        &throttle,
        &email,
        &password,
        super::session::this_device(server.secure_cookies)?,
        chrono::Utc::now(),
    )
    .await?;
    Ok(match signed {
        SignIn::Session(_, token) => {
            context::set_cookie(&super::session::cookie(&token, server.secure_cookies));
            LoginStep::Done(safe_next(next.as_deref()).to_owned())
        }
        SignIn::Then(step) => step,
    })
}

#[cfg(feature = "ssr")]
pub(crate) fn throttle() -> Result<std::sync::Arc<super::throttle::LoginThrottle>, AppError> {
    use_context().ok_or_else(|| AppError::internal("no sign-in throttle"))
}

/// Signs out on this device.
#[server]
pub async fn logout() -> Result<(), AppError> {
    let server = context::server()?;
    super::service::logout(&server.conn, &context::actor()?).await?;
    context::set_cookie(&super::session::clear_cookie(server.secure_cookies));
    Ok(())
}

/// Who is signed in, for the app shell; `None` on the public pages.
#[server]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    match context::actor() {
        Ok(signed) => Ok(Some(
            super::service::viewer(&context::conn()?, &signed).await?,
        )),
        Err(_) => Ok(None),
    }
}

/// The team, for the owner's user administration.
#[server]
pub async fn list_users() -> Result<Vec<User>, AppError> {
    super::service::list_users(&context::conn()?, &context::actor()?).await
}

/// Adds a teammate, with a first password the owner hands over or with a link for them to
/// choose their own.
#[server]
pub async fn create_user(
    email: String,
    name: String,
    role: String,
    password: String,
) -> Result<CreatedUser, AppError> {
    let form = super::types::NewUserForm {
        email,
        name,
        role,
        password,
    };
    let server = context::server()?;
    let (user, issued) =
        super::service::create_user(&server.conn, &server.key, &context::actor()?, form).await?;
    Ok(CreatedUser {
        user,
        link: issued.map(|issued| password_link(&server, issued)),
    })
}

/// A link for a teammate to choose a new password with, for when the owner should not know it.
#[server]
pub async fn make_password_link(id: Uuid) -> Result<PasswordLink, AppError> {
    let server = context::server()?;
    let signed = context::actor()?;
    let issued =
        super::password_link::issue(&server.conn, &server.key, &signed, id, chrono::Utc::now())
            .await?;
    Ok(password_link(&server, issued))
}

#[cfg(feature = "ssr")]
fn password_link(
    server: &context::ServerContext,
    issued: super::password_link::Issued,
) -> PasswordLink {
    PasswordLink {
        url: format!("{}/join?token={}", server.public_url, issued.token),
        expires_at: issued.expires_at,
    }
}

/// Whom a password link is for, to greet them on the page it opens.
#[server]
pub async fn get_link_holder(token: String) -> Result<LinkHolder, AppError> {
    let server = context::server()?;
    super::password_link::open(&server.conn, &server.key, &token, chrono::Utc::now()).await
}

/// Sets the password chosen through a link and signs its holder in.
#[server]
pub async fn accept_password_link(token: String, password: String) -> Result<(), AppError> {
    let server = context::server()?;
    let (_, session) = super::password_link::accept(
        &server.conn,
        &server.key,
        &token,
        &password,
        super::session::this_device(server.secure_cookies)?,
        chrono::Utc::now(),
    )
    .await?;
    context::set_cookie(&super::session::cookie(&session, server.secure_cookies));
    context::redirect_form_post("/");
    Ok(())
}

/// Changes a teammate's name, role or access.
#[server]
pub async fn update_user(
    id: Uuid,
    name: String,
    role: String,
    active: bool,
    version: i32,
) -> Result<User, AppError> {
    use crate::core::code::TextCode;
    let role = crate::core::actor::Role::parse(&role)
        .ok_or_else(|| AppError::invalid("role", crate::error::Invalid::Choice))?;
    let change = super::types::UserChange { name, role, active };
    super::service::update_user(&context::conn()?, &context::actor()?, id, change, version).await
}

/// Gives a teammate a new password and signs them out everywhere.
#[server]
pub async fn reset_password(id: Uuid, password: String) -> Result<(), AppError> {
    super::service::reset_password(&context::conn()?, &context::actor()?, id, &password).await
}

/// Changes the signed-in user's own password.
#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    super::service::change_password(&conn, &signed, &current_password, &new_password).await
}

/// The devices the user is signed in on.
#[server]
pub async fn list_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    super::session::list(&conn, &signed, chrono::Utc::now()).await
}

/// Signs the user out on one of their devices.
#[server]
pub async fn revoke_session(id: Uuid) -> Result<(), AppError> {
    super::service::revoke_session(&context::conn()?, &context::actor()?, id).await
}

/// The local hour the user's daily digest goes out at; none when it is off.
#[server]
pub async fn get_digest_hour() -> Result<Option<u8>, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    super::service::digest_hour(&conn, &signed).await
}

/// Sets the hour of the user's daily digest; an empty hour turns it off.
#[server]
pub async fn set_digest_hour(hour: String) -> Result<Option<u8>, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    super::service::set_digest_hour(&conn, &signed, &hour).await
}
