//! `POST /inbound/email`: where a mail forwarder or an inbound-mail service posts each message
//! that reaches the desk's address, raw (RFC 822), with the shared secret as a bearer token.
//! A new message opens a ticket; an answer joins its ticket's thread. The answer is JSON: 201
//! with the ticket opened, 200 with the ticket threaded onto (or met before), 202 for an
//! automatic reply that was set aside, and a 4xx that says what is wrong, which forwarders
//! do not retry.

use std::sync::Arc;

use app::core::files::Store;
use app::core::mail::bare_id;
use app::error::AppError;
use app::tickets::attachments::service::IncomingFile;
use app::tickets::service::{IncomingMail, Received, receive};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use sea_orm::DatabaseConnection;
use serde_json::json;

/// Where a mail forwarder posts.
pub const PATH: &str = "/inbound/email";

/// Mail with attachments is large; anything larger is refused whole rather than cut.
pub const BODY_LIMIT: usize = 25 * 1024 * 1024;

/// The shared secret, when inbound mail is on.
#[derive(Clone, Default)]
pub struct InboundSecret(pub Option<Arc<str>>);

pub async fn email(
    State(conn): State<DatabaseConnection>,
    State(files): State<Store>,
    State(secret): State<InboundSecret>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(secret) = secret.0 else {
        return refuse(
            StatusCode::NOT_FOUND,
            "Inbound email is off: set BANYAN_INBOUND_SECRET to turn it on.",
        );
    };
    if !holds(&headers, &secret) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Send the inbound secret as: Authorization: Bearer <secret>.",
        );
    }
    let Some(parsed) = parse(&body) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The body is not an email message (RFC 822).",
        );
    };
    if parsed.automatic {
        tracing::info!("inbound email: set aside an automatic reply");
        return (StatusCode::ACCEPTED, Json(json!({ "outcome": "ignored" }))).into_response();
    }
    match receive(&conn, &files, &parsed.mail, chrono::Utc::now()).await {
        Ok(received) => {
            let status = match received {
                Received::Opened(_) => StatusCode::CREATED,
                Received::Threaded(_) | Received::Again(_) => StatusCode::OK,
            };
            (status, Json(received)).into_response()
        }
        Err(AppError::Validation(_)) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The message has no sender address that mail can be answered at.",
        ),
        Err(err) => err.into_response(),
    }
}

/// What a forwarder's operator must change, in words (the forwarder does not retry a 4xx).
fn refuse(status: StatusCode, why: &str) -> Response {
    (status, Json(json!({ "error": why }))).into_response()
}

/// Whether the request carries the secret; compared in constant time, so the answer's timing
/// says nothing about how much of a guess was right.
fn holds(headers: &HeaderMap, secret: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .trim()
        .as_bytes();
    let secret = secret.as_bytes();
    given.len() == secret.len()
        && given
            .iter()
            .zip(secret)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// An email, read.
struct Parsed {
    mail: IncomingMail,
    /// An out-of-office or other machine's answer: threading it would wake the ticket, and
    /// answering it could start a loop between two robots.
    automatic: bool,
}

fn ids(value: &HeaderValue) -> Vec<String> {
    value
        .as_text_list()
        .unwrap_or_default()
        .iter()
        .map(|id| bare_id(id).to_owned())
        .collect()
}

fn parse(raw: &[u8]) -> Option<Parsed> {
    let message = MessageParser::default().parse(raw)?;
    let sender = message.from()?.first()?;
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    let automatic = header("Auto-Submitted").is_some_and(|v| v != "no")
        || header("X-Autoreply").is_some()
        || header("X-Autorespond").is_some()
        || matches!(
            header("Precedence").as_deref(),
            Some("auto_reply" | "bulk" | "junk")
        );
    // In-Reply-To names the mail answered; References the thread, oldest first.
    let mut answers = ids(message.in_reply_to());
    answers.extend(ids(message.references()).into_iter().rev());
    Some(Parsed {
        mail: IncomingMail {
            message_id: message.message_id().map(|id| bare_id(id).to_owned()),
            answers,
            from_email: sender.address()?.to_owned(),
            from_name: sender.name().map(str::to_owned),
            subject: message.subject().unwrap_or_default().to_owned(),
            text: message.body_text(0).unwrap_or_default().into_owned(),
            files: message
                .attachments()
                .map(|part| IncomingFile {
                    name: part.attachment_name().unwrap_or_default().to_owned(),
                    bytes: part.contents().to_vec(),
                })
                .collect(),
        },
        automatic,
    })
}

#[cfg(test)]
mod tests;
