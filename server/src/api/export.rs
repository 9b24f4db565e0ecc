//! Downloads: `GET /api/export/contacts?format=csv|json&…` (the contacts list as the user
//! narrowed it, every page) and `GET /api/export/contacts/{id}` (everything about one
//! person, as JSON), for signed-in users; `GET /api/audit.csv` (the audit trail).

use app::customers::service::export::{Export, ExportRow};
use app::customers::types::ContactQuery;
use app::error::AppError;
use app::trail::types::TrailQuery;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use clean::csv_line::write_row;
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::http::signed_in::SignedIn;

pub async fn contacts(
    State(conn): State<DatabaseConnection>,
    SignedIn(signed): SignedIn,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let param = |name: &str| crate::api::param(&params, name).map(str::to_owned);
    let query = ContactQuery::from_params(param);
    let format = match param("format").as_deref() {
        Some("json") => Format::Json,
        _ => Format::Csv,
    };
    // The rows are read and sent a batch at a time: an export of any size holds one batch.
    let (tx, mut rx) = mpsc::channel::<Chunk>(2);
    tokio::spawn(async move {
        let mut export = Export::new(&query);
        let mut first = true;
        let last = loop {
            match export.next(&conn, &signed).await {
                Ok(Some(batch)) => {
                    let chunk = format.encode(&batch, first);
                    first = false;
                    if tx.send(Chunk::Data(chunk)).await.is_err() {
                        break None;
                    }
                }
                Ok(None) => break Some(Chunk::Data(format.end().into())),
                Err(err) => break Some(Chunk::Failed(err)),
            }
        };
        if let Err(err) = export.finish(&conn, &signed).await {
            tracing::warn!(%err, "an export went unrecorded");
        }
        if let Some(last) = last {
            let _ = tx.send(last).await;
        }
    });
    // The first batch decides the answer: a refused query is an error, not an empty file.
    let first = match rx.recv().await {
        Some(Chunk::Data(data)) => data,
        Some(Chunk::Failed(err)) => return err.into_response(),
        None => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await? {
            Chunk::Data(data) => Some((Ok(data), rx)),
            // Headers are gone: breaking the download is how to say it failed.
            Chunk::Failed(err) => Some((Err(std::io::Error::other(err.to_string())), rx)),
        }
    });
    // Fused: the compression layer polls a body once more after its end, which `unfold`
    // answers with a panic.
    let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(first) })
        .chain(rest)
        .fuse();
    let day = chrono::Utc::now().format("%Y-%m-%d");
    download(
        format.content_type(),
        &format!("contacts-{day}.{}", format.extension()),
        Body::from_stream(body),
    )
}

/// `GET /api/audit.csv?…`: the audit trail as its screen's filters narrow it, for owners and
/// managers.
pub async fn audit(
    State(conn): State<DatabaseConnection>,
    SignedIn(signed): SignedIn,
    Query(query): Query<TrailQuery>,
) -> Response {
    match app::trail::service::csv(&conn, &signed, &query).await {
        Ok(csv) => {
            let day = chrono::Utc::now().format("%Y-%m-%d");
            // The byte-order mark: Excel reads the UTF-8 right with it.
            let body = Body::from(format!("\u{feff}{csv}"));
            download("text/csv; charset=utf-8", &format!("audit-{day}.csv"), body)
        }
        Err(err) => err.into_response(),
    }
}

enum Chunk {
    Data(String),
    Failed(AppError),
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// One batch of rows; the first one opens the file. CSV is RFC 4180 with a byte-order
    /// mark, so that Excel (as Chinese offices use it) reads the UTF-8 right.
    fn encode(self, rows: &[ExportRow], first: bool) -> String {
        let mut out = String::new();
        match self {
            Format::Csv => {
                if first {
                    out.push('\u{feff}');
                    out.push_str(&write_row(&ExportRow::COLUMNS));
                }
                for row in rows {
                    out.push_str(&write_row(&row.cells()));
                }
            }
            Format::Json => {
                for (i, row) in rows.iter().enumerate() {
                    out.push_str(if first && i == 0 { "[\n" } else { ",\n" });
                    out.push_str(&serde_json::to_string(row).unwrap_or_default());
                }
                if first && rows.is_empty() {
                    out.push('[');
                }
            }
        }
        out
    }

    fn end(self) -> &'static str {
        match self {
            Format::Csv => "",
            Format::Json => "\n]\n",
        }
    }
}

pub async fn contact(
    State(conn): State<DatabaseConnection>,
    SignedIn(signed): SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let data = app::privacy::service::subject(&conn, &signed, id).await?;
    Ok(download(
        "application/json",
        &format!("contact-{id}.json"),
        Body::from(serde_json::to_vec_pretty(&data).unwrap_or_default()),
    ))
}

pub(crate) fn download(content_type: &str, file_name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
