//! Imports over HTTP: `POST /api/imports` takes a file from the import page's form (it works
//! without JavaScript) and answers with the import's page; `GET /api/imports/{id}/rejected.csv`
//! hands back the rows that were refused. The runner that does the work is a job.

use app::core::code::TextCode;
use app::customers::import::service;
use app::customers::import::types::ImportKind;
use app::error::{AppError, Invalid};
use app::i18n::Locale;
use axum::Extension;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use clean::table::MAX_BYTES;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::api::export::download;
use crate::http::signed_in::SignedIn;

/// Where the import page uploads a file.
pub const PATH: &str = "/api/imports";

/// The limit of an upload's body: the largest file, and room for the form around it.
pub const BODY_LIMIT: usize = MAX_BYTES + 64 * 1024;

pub async fn upload(
    State(conn): State<DatabaseConnection>,
    SignedIn(signed): SignedIn,
    multipart: Multipart,
) -> Response {
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
        Err(err) => err.into_response(),
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
    SignedIn(signed): SignedIn,
    Extension(locale): Extension<Locale>,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let csv = service::rejected_csv(&conn, &signed, id, locale.messages()).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("rejected-{id}.csv"),
        Body::from(csv),
    ))
}
