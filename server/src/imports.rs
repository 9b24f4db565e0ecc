//! Imports over HTTP and in the background: `POST /api/imports` takes a file from the import
//! page's form (it works without JavaScript) and answers with the import's page;
//! `GET /api/imports/{id}/rejected.csv` hands back the rows that were refused; and the runner
//! works through queued imports, resuming any whose process died.

use std::time::Duration;

use app::core::actor::Actor;
use app::core::code::TextCode;
use app::customers::import::service;
use app::customers::import::types::ImportKind;
use app::error::{AppError, Invalid};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use clean::table::MAX_BYTES;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;
use uuid::Uuid;

use crate::export::{download, refusal};

/// The limit of an upload's body: the largest file, and room for the form around it.
pub const BODY_LIMIT: usize = MAX_BYTES + 64 * 1024;

pub async fn upload(
    State(conn): State<DatabaseConnection>,
    signed: Option<Extension<Actor>>,
    multipart: Multipart,
) -> Response {
    let Some(Extension(signed)) = signed else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let (kind, file_name, bytes) = match fields(multipart).await {
        Ok(fields) => fields,
        Err(why) => return back(&why, None),
    };
    match service::upload(&conn, &signed, kind, &file_name, &bytes).await {
        Ok(job) => Redirect::to(&format!("/import/{}", job.id)).into_response(),
        Err(AppError::Validation(fields)) => {
            let why = fields
                .into_values()
                .flatten()
                .next()
                .unwrap_or(Invalid::Encoding);
            back(&why, Some(kind))
        }
        Err(err) => refusal(err),
    }
}

/// The kind, the file's name and its bytes, from the form.
async fn fields(mut multipart: Multipart) -> Result<(ImportKind, String, Vec<u8>), Invalid> {
    let mut kind = ImportKind::Contacts;
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("kind") => {
                let text = field.text().await.map_err(|_| Invalid::Choice)?;
                kind = ImportKind::parse(text.trim()).ok_or(Invalid::Choice)?;
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| Invalid::FileTooLarge {
                    max_mb: MAX_BYTES / 1024 / 1024,
                })?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or(Invalid::NoRows)?;
    Ok((kind, name, bytes))
}

/// Back to the import page, which says what was wrong with the file.
fn back(why: &Invalid, kind: Option<ImportKind>) -> Response {
    let why = serde_json::to_string(why).unwrap_or_default();
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("error", &why);
    if let Some(kind) = kind {
        query.append_pair("kind", kind.as_str());
    }
    Redirect::to(&format!("/import?{}", query.finish())).into_response()
}

pub async fn rejected(
    State(conn): State<DatabaseConnection>,
    signed: Option<Extension<Actor>>,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Response {
    let Some(Extension(signed)) = signed else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let messages = app::core::context::locale_of(&headers, Some(&signed)).messages();
    match service::rejected_csv(&conn, &signed, id, messages).await {
        Ok(csv) => download(
            "text/csv; charset=utf-8",
            &format!("rejected-{id}.csv"),
            Body::from(csv),
        ),
        Err(err) => refusal(err),
    }
}

/// Runs waiting imports one at a time until `stop` turns true; the batch in hand is
/// finished first, and the job resumes at the next start.
pub async fn runner(conn: DatabaseConnection, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        match service::next_waiting(&conn).await {
            Ok(Some(id)) => {
                let stopping = stop.clone();
                let halt = move || *stopping.borrow();
                if let Err(err) = service::run(&conn, id, &halt, |_| {}).await {
                    tracing::warn!(%id, ?err, "an import failed");
                }
                continue;
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(?err, "imports: could not poll"),
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}
