//! Tickets' files over HTTP: `POST /api/tickets/{id}/attachments` takes one file from the
//! composer (multipart, field `file`) and answers with it as JSON; `GET /api/attachments/{id}`
//! hands it back to a reader who may see the ticket. The gate has already refused writes from
//! other sites.

use app::core::files::Store;
use app::error::{AppError, Invalid};
use app::tickets::attachments::service::{self, IncomingFile};
use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use clean::file_kind::{MAX_FILE_BYTES, shown_inline};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::http::signed_in::SignedIn;

/// The largest file, and room for the form around it.
pub const BODY_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

pub async fn upload(
    State(conn): State<DatabaseConnection>,
    State(files): State<Store>,
    SignedIn(signed): SignedIn,
    Path(ticket): Path<Uuid>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let file = file_of(multipart)
        .await
        .map_err(|why| AppError::invalid("file", why))?;
    let kept = service::upload(&conn, &files, &signed, ticket, &file, chrono::Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(kept)).into_response())
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
    SignedIn(signed): SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let (file, bytes) = service::open(&conn, &files, &signed, id).await?;
    let disposition = if shown_inline(&file.content_type) {
        "inline"
    } else {
        "attachment"
    };
    Ok((
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
        .into_response())
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

#[cfg(test)]
mod tests;
