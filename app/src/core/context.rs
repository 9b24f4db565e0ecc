//! What the server hands to every server function: the database, shared state, the request.

use axum::http::request::Parts;
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;

use crate::core::actor::{Actor, Device};
use crate::core::files::Store;
use crate::core::memo::Memo;
use crate::core::signing::SecretKey;
use crate::error::AppError;
use crate::i18n::{LOCALE_COOKIE, Locale};

/// Shared by all requests; the server builds it once at start.
#[derive(Clone)]
pub struct ServerContext {
    pub conn: DatabaseConnection,
    /// Cookies get `Secure` when users reach the site over HTTPS.
    pub secure_cookies: bool,
    /// Signs the links that work without a session.
    pub key: SecretKey,
    /// How users reach the site, without a trailing slash: the start of every link we hand out.
    pub public_url: String,
    /// Where files (tickets' attachments) are kept.
    pub files: Store,
    /// What is kept between requests.
    pub memo: Memo,
}

pub fn server() -> Result<ServerContext, AppError> {
    use_context::<ServerContext>().ok_or_else(|| AppError::internal("no server context"))
}

pub fn conn() -> Result<DatabaseConnection, AppError> {
    Ok(server()?.conn)
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("no request in context"))
}

/// The signed-in user of this request (the server's gate put them there).
pub fn actor() -> Result<Actor, AppError> {
    parts()?
        .extensions
        .get::<Actor>()
        .cloned()
        .ok_or(AppError::Unauthorized)
}

/// The cookie that names a browser, set at its first sign-in.
pub const DEVICE_COOKIE: &str = "banyan_device";

/// The browser and address of this request, for the sessions list and the sign-in throttle.
pub fn device() -> Device {
    let Ok(parts) = parts() else {
        return Device::default();
    };
    Device {
        user_agent: parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        ip: parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()),
        id: cookie(&parts.headers, DEVICE_COOKIE).map(str::to_owned),
    }
}

/// The client's address as the server saw it.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The value of the cookie `name` in a request's headers.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .find_map(|cookie| cookie.trim().strip_prefix(name)?.strip_prefix('='))
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(value),
    ) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// Sends the browser to `path` after this server function: a 302 for a plain form post, a
/// client-side navigation when the app is running.
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// Sends a plain form post (JavaScript off) on to `path`; the running app goes on by itself,
/// for instance with a full load after signing in.
pub fn redirect_form_post(path: &str) {
    let plain_form = parts().is_ok_and(|parts| {
        parts
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    });
    if plain_form {
        leptos_axum::redirect(path);
    }
}

/// The locale of a request with these headers, by whoever signed it: the user's choice, else
/// the language cookie, else `Accept-Language`.
pub fn locale_of(headers: &axum::http::HeaderMap, actor: Option<&Actor>) -> Locale {
    use axum::http::header::ACCEPT_LANGUAGE;
    let from_cookie = cookie(headers, LOCALE_COOKIE).and_then(Locale::from_tag);
    actor
        .and_then(|a| a.user.locale)
        .or(from_cookie)
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::negotiate)
        })
        .unwrap_or_default()
}
