//! The door of every request: refuses cross-site writes, finds the session and the reader's
//! language, keeps pages and server functions closed to visitors who are not signed in, and
//! words the REST endpoints' problems in the reader's language. (REST endpoints that need a
//! session say so themselves, through the `SignedIn` extractor.)

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use app::anonymous_paths;
use app::auth::api::safe_next;
use app::auth::session;
use app::core::context::{ClientIp, ServerContext, locale_of};
use app::core::problem;
use app::error::AppError;
use app::i18n::Locale;
use app::workspace::service::setup_state;
use app::workspace::types::SetupState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::server_fn::axum::server_fn_paths;

use super::proxies::TrustedProxies;
use crate::api;

/// What the gate needs to decide.
pub struct Gate {
    ctx: ServerContext,
    /// Every server function, and those of them open to anonymous callers.
    server_fns: HashSet<&'static str>,
    anonymous: HashSet<&'static str>,
    /// Set once the owner exists; an installation never goes back to needing one.
    set_up: AtomicBool,
    proxies: TrustedProxies,
}

impl Gate {
    pub fn new(ctx: ServerContext, proxies: TrustedProxies) -> Arc<Self> {
        Arc::new(Gate {
            ctx,
            proxies,
            server_fns: server_fn_paths().map(|(path, _)| path).collect(),
            anonymous: anonymous_paths().into_iter().collect(),
            set_up: AtomicBool::new(false),
        })
    }

    async fn is_set_up(&self) -> Result<bool, AppError> {
        if self.set_up.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let ready = setup_state(&self.ctx.conn).await? == SetupState::Ready;
        self.set_up.store(ready, Ordering::Relaxed);
        Ok(ready)
    }
}

/// Pages anyone may open.
const PUBLIC_PAGES: [&str; 5] = ["/login", "/setup", "/join", "/rate", "/unsubscribe"];

pub async fn gate(State(gate): State<Arc<Gate>>, mut request: Request, next: Next) -> Response {
    // Web forms are posted from the business's own website, and one-click unsubscribes by
    // mail providers; neither reads a cookie.
    let from_outside = request.uri().path().starts_with("/f/")
        || request.uri().path() == api::unsubscribe::ONE_CLICK;
    if is_write(request.method()) && is_cross_site(request.headers()) && !from_outside {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return StatusCode::FORBIDDEN.into_response();
    }
    // Whose request it is, for the limits on sign-ins and web forms and for the audit.
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let ip = gate.proxies.client(peer.ip(), request.headers());
        request.extensions_mut().insert(ClientIp(ip.to_string()));
    }
    let path = request.uri().path().to_owned();
    let is_server_fn = gate.server_fns.contains(path.as_str());
    let is_api = path.starts_with("/api/");
    let is_page = is_page(&request);
    // Files and the health check need no session: spare them the database.
    if !is_api && !is_page {
        let locale = locale_of(request.headers(), None);
        request.extensions_mut().insert(locale);
        return in_words(next.run(request).await, locale);
    }
    let signed = match session::token_from(request.headers()) {
        Some(token) => session::resolve(&gate.ctx.conn, token, chrono::Utc::now()).await,
        None => Ok(None),
    };
    let signed = match signed {
        Ok(signed) => signed,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let is_signed_in = signed.is_some();
    // Every page and server function speaks the language of its reader.
    let locale = locale_of(request.headers(), signed.as_ref());
    request.extensions_mut().insert(locale);
    if let Some(signed) = signed {
        request.extensions_mut().insert(signed);
    }

    if is_server_fn {
        if !is_signed_in && !gate.anonymous.contains(path.as_str()) {
            return unauthorized();
        }
        return next.run(request).await;
    } else if is_api {
        return in_words(next.run(request).await, locale);
    } else {
        let set_up = match gate.is_set_up().await {
            Ok(set_up) => set_up,
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        };
        if let Some(to) = page_redirect(&path, request.uri().query(), set_up, is_signed_in) {
            return Redirect::to(&to).into_response();
        }
    }
    next.run(request).await
}

/// Where a page request must go instead, if anywhere.
fn page_redirect(path: &str, query: Option<&str>, set_up: bool, signed_in: bool) -> Option<String> {
    let public = PUBLIC_PAGES.contains(&path);
    match (set_up, signed_in) {
        (false, _) if path != "/setup" => Some("/setup".into()),
        (false, _) => None,
        (true, _) if path == "/setup" => Some("/".into()),
        (true, true) if path == "/login" => {
            let next = query.and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "next")
                    .map(|(_, v)| v)
            });
            Some(safe_next(next.as_deref()).to_owned())
        }
        (true, false) if !public => {
            let here = match query {
                Some(query) => format!("{path}?{query}"),
                None => path.to_owned(),
            };
            let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
            Some(format!("/login?next={next}"))
        }
        _ => None,
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A browser says where a request comes from; one from another site must not change anything
/// with this site's cookie.
fn is_cross_site(headers: &HeaderMap) -> bool {
    let value = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = value("sec-fetch-site") {
        return site == "cross-site";
    }
    match (value(header::ORIGIN.as_str()), value(header::HOST.as_str())) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            origin_host != host
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// A document request for a screen of the app, not a file or a server function.
fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    let last = path.rsplit('/').next().unwrap_or_default();
    matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/pkg/")
        // The links in campaign mail: readers and their mail programs follow them unsigned.
        && !path.starts_with("/mail/")
        && path != "/healthz"
        && !last.contains('.')
}

/// A REST endpoint's problem, in the reader's language.
fn in_words(response: Response, locale: Locale) -> Response {
    match response.extensions().get::<AppError>() {
        Some(err) if locale != Locale::default() => problem::answer(err, locale),
        _ => response,
    }
}

/// A server function's refusal of a visitor, in the encoding the app's client reads.
fn unauthorized() -> Response {
    let body = serde_json::to_string(&AppError::Unauthorized).unwrap_or_default();
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_installation_sends_everyone_to_setup() {
        assert_eq!(
            page_redirect("/", None, false, false),
            Some("/setup".into())
        );
        assert_eq!(
            page_redirect("/login", None, false, false),
            Some("/setup".into())
        );
        assert_eq!(page_redirect("/setup", None, false, false), None);
    }

    #[test]
    fn visitors_sign_in_first_and_come_back_where_they_were() {
        let to = page_redirect("/users", Some("page=2"), true, false).unwrap();
        assert_eq!(to, "/login?next=%2Fusers%3Fpage%3D2");
        let (_, query) = to.split_once('?').unwrap();
        assert_eq!(
            page_redirect("/login", Some(query), true, true),
            Some("/users?page=2".into())
        );
        assert_eq!(page_redirect("/login", None, true, false), None);
        assert_eq!(page_redirect("/setup", None, true, true), Some("/".into()));
        assert_eq!(page_redirect("/users", None, true, true), None);
    }

    #[test]
    fn a_link_cannot_send_a_signed_in_user_elsewhere() {
        let query = "next=%2F%2Fevil.example%2F";
        assert_eq!(
            page_redirect("/login", Some(query), true, true),
            Some("/".into())
        );
    }

    #[test]
    fn links_in_campaign_mail_are_not_pages_behind_the_login() {
        let get = |uri: &str| {
            Request::builder()
                .uri(uri)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        assert!(is_page(&get("/campaigns/1")));
        for link in [
            "/mail/open?t=a.b",
            "/mail/click?t=a.b",
            "/mail/unsubscribe?t=a.b",
        ] {
            assert!(!is_page(&get(link)), "{link}");
        }
    }

    #[test]
    fn cross_site_writes_are_recognised() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in pairs {
                map.insert(*k, v.parse().unwrap());
            }
            map
        };
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "crm.example.cn")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "https://crm.example.cn"),
            ("host", "crm.example.cn")
        ])));
        assert!(
            !is_cross_site(&headers(&[("host", "crm.example.cn")])),
            "non-browser clients"
        );
    }
}
