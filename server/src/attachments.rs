//! Tickets' files over HTTP: `POST /api/tickets/{id}/attachments` takes one file from the
//! composer (multipart, field `file`) and answers with it as JSON; `GET /api/attachments/{id}`
//! hands it back to a reader who may see the ticket. The gate has already refused visitors
//! without a session and writes from other sites. And the sweeper, which removes abandoned
//! uploads and files no row names.

use std::time::Duration;

use app::core::actor::Actor;
use app::core::files::Store;
use app::error::{AppError, Invalid};
use app::tickets::attachments::service::{self, IncomingFile};
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use clean::file_kind::{MAX_FILE_BYTES, shown_inline};
use sea_orm::DatabaseConnection;
use tokio::sync::watch;
use uuid::Uuid;

use crate::export::refusal;

/// The largest file, and room for the form around it.
pub const BODY_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

/// How often abandoned uploads and orphaned files are looked for.
const SWEEP_EVERY: Duration = Duration::from_secs(60 * 60);

pub async fn upload(
    State(conn): State<DatabaseConnection>,
    State(files): State<Store>,
    signed: Option<Extension<Actor>>,
    Path(ticket): Path<Uuid>,
    multipart: Multipart,
) -> Response {
    let Some(Extension(signed)) = signed else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let file = match file_of(multipart).await {
        Ok(file) => file,
        Err(why) => return refusal(AppError::invalid("file", why)),
    };
    match service::upload(&conn, &files, &signed, ticket, &file, chrono::Utc::now()).await {
        Ok(kept) => (StatusCode::CREATED, Json(kept)).into_response(),
        Err(err) => refusal(err),
    }
}

/// The form's one file.
async fn file_of(mut multipart: Multipart) -> Result<IncomingFile, Invalid> {
    let too_large = Invalid::FileTooLarge {
        max_mb: MAX_FILE_BYTES / 1024 / 1024,
    };
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|_| too_large)?;
            return Ok(IncomingFile {
                name,
                bytes: bytes.to_vec(),
            });
        }
    }
    Err(Invalid::Required)
}

pub async fn download(
    State(conn): State<DatabaseConnection>,
    State(files): State<Store>,
    signed: Option<Extension<Actor>>,
    Path(id): Path<Uuid>,
) -> Response {
    let Some(Extension(signed)) = signed else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let (file, bytes) = match service::open(&conn, &files, &signed, id).await {
        Ok(found) => found,
        Err(err) => return refusal(err),
    };
    let disposition = if shown_inline(&file.content_type) {
        "inline"
    } else {
        "attachment"
    };
    (
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "{disposition}; filename=\"{}\"; filename*=UTF-8''{}",
                    ascii_name(&file.file_name),
                    percent_encoded(&file.file_name)
                ),
            ),
            // The type was checked when the file came in: browsers must not guess another,
            // and a file is never a page that runs scripts.
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response()
}

/// The name for browsers that read only `filename`: what is not plain ASCII becomes `_`.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The name as RFC 5987 writes it in `filename*`.
fn percent_encoded(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte);
        if plain {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Sweeps once at start and then every hour, until `stop` turns true.
pub async fn sweeper(conn: DatabaseConnection, files: Store, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        match service::sweep(&conn, &files, chrono::Utc::now()).await {
            Ok(swept) if swept.abandoned + swept.orphans > 0 => {
                tracing::info!(?swept, "removed files nobody will read");
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(?err, "could not sweep the files"),
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(SWEEP_EVERY) => {}
        }
    }
}

#[cfg(test)]
mod tests;
