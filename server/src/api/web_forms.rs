//! `POST /f/{key}`: the public end of web forms, posted to from the business's website as a
//! plain form or as JSON, without a session. Robots fill the honeypot and are answered as if
//! it worked; each address may send a few submissions per form every ten minutes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::core::context::{ClientIp, locale_of};
use app::error::AppError;
use app::i18n::Messages;
use app::web_forms::service;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use sea_orm::DatabaseConnection;

use crate::http::rate_limit::RateLimit;

/// Submissions per form and address: a few every ten minutes.
#[derive(Clone)]
pub struct WebFormLimit(pub Arc<RateLimit>);

impl Default for WebFormLimit {
    fn default() -> Self {
        WebFormLimit(Arc::new(RateLimit::new(10, Duration::from_secs(10 * 60))))
    }
}

/// What the website sent: a JSON object of strings, or a form.
fn fields(headers: &HeaderMap, body: &[u8]) -> Option<HashMap<String, String>> {
    if is_json(headers, header::CONTENT_TYPE) {
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(body).ok()?;
        Some(
            object
                .into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => (k, s),
                    serde_json::Value::Bool(b) => (k, b.to_string()),
                    other => (k, other.to_string()),
                })
                .collect(),
        )
    } else {
        Some(form_urlencoded::parse(body).into_owned().collect())
    }
}

fn is_json(headers: &HeaderMap, name: header::HeaderName) -> bool {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Any website may post here: the answer says nothing about anyone, and no cookie is read.
fn open_to_all(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

pub async fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    open_to_all(response)
}

pub async fn submit(
    State(conn): State<DatabaseConnection>,
    State(WebFormLimit(limit)): State<WebFormLimit>,
    Extension(client): Extension<ClientIp>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json = is_json(&headers, header::CONTENT_TYPE) || is_json(&headers, header::ACCEPT);
    let t = locale_of(&headers, None).messages();
    let answer = |err: AppError| open_to_all(refusal(err, json, t));
    let form = match service::find_active(&conn, &key).await {
        Ok(form) => form,
        Err(err) => return answer(err),
    };
    if let Err(wait) = limit.allow(format!("{key} {}", client.0), Instant::now()) {
        return answer(AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    let Some(fields) = fields(&headers, &body) else {
        return answer(AppError::invalid("body", app::error::Invalid::Choice));
    };
    match service::submit(&conn, &form, &fields, chrono::Utc::now()).await {
        Ok(_) if json => open_to_all(
            (
                StatusCode::CREATED,
                axum::Json(serde_json::json!({ "ok": true })),
            )
                .into_response(),
        ),
        Ok(_) => match &form.redirect_url {
            Some(url) => Redirect::to(url).into_response(),
            None => page(
                t,
                t.web_form_thanks_title,
                &format!("<p>{}</p>", t.web_form_thanks_body),
            ),
        },
        Err(err) => answer(err),
    }
}

/// The refusal page's button: back to the form as the visitor filled it in.
const BACK: &str = "history.back()";
/// Its policy: the page's own style, and of scripts only that button's, by its hash.
const BACK_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
    script-src 'unsafe-hashes' 'sha256-LdlORHyUW/rwezK0l13nW+IwcZmi78eWOCBjewMWRr4='; \
    frame-ancestors 'none'";

/// A refusal: problem details for a script (which the gate words in the visitor's language),
/// a small page for a browser that posted the form.
fn refusal(err: AppError, json: bool, t: &Messages) -> Response {
    if json {
        return err.into_response();
    }
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reasons = match &err {
        AppError::Validation(fields) => t.row_reasons(fields),
        other => t.error(other),
    };
    let body = format!(
        "<p>{}</p><p><button type=\"button\" onclick=\"{BACK}\">{}</button></p>",
        escape(&reasons),
        escape(t.web_form_back)
    );
    let mut response = page(t, t.web_form_problem_title, &body);
    *response.status_mut() = status;
    // The page's one script: back to the form as the visitor filled it in.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(BACK_POLICY),
    );
    response
}

/// A small page of its own: the visitor came from another website and has no Banyan session.
fn page(t: &Messages, title: &str, body: &str) -> Response {
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} · {app}</title><style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}</style></head><body><h1>{title}</h1>{body}</body></html>",
        title = escape(title),
        app = escape(t.app_name),
    ))
    .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_page_allows_its_back_button_by_its_hash() {
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(BACK));
        assert!(BACK_POLICY.contains(&format!("'sha256-{hash}'")), "{hash}");
    }
}
