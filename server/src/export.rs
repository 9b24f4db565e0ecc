//! Downloads: `GET /api/export/contacts?format=csv|json&…` (the contacts list as the user
//! narrowed it, every page) and `GET /api/export/contacts/{id}` (everything about one
//! person, as JSON). The gate has already refused visitors without a session.

use app::auth::session::Signed;
use app::customers::service::export::{self, ExportRow};
use app::customers::types::ContactQuery;
use app::error::AppError;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub async fn contacts(
    State(conn): State<DatabaseConnection>,
    signed: Option<Extension<Signed>>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let Some(Extension(signed)) = signed else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let query = ContactQuery::from_params(param);
    let rows = match export::rows(&conn, &signed, &query).await {
        Ok(rows) => rows,
        Err(err) => return refusal(err),
    };
    let day = chrono::Utc::now().format("%Y-%m-%d");
    match param("format").as_deref() {
        Some("json") => download(
            "application/json",
            &format!("contacts-{day}.json"),
            serde_json::to_vec_pretty(&rows).unwrap_or_default(),
        ),
        _ => download(
            "text/csv; charset=utf-8",
            &format!("contacts-{day}.csv"),
            csv(&rows).into_bytes(),
        ),
    }
}

pub async fn contact(
    State(conn): State<DatabaseConnection>,
    signed: Option<Extension<Signed>>,
    Path(id): Path<Uuid>,
) -> Response {
    let Some(Extension(signed)) = signed else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match export::subject(&conn, &signed, id).await {
        Ok(data) => download(
            "application/json",
            &format!("contact-{id}.json"),
            serde_json::to_vec_pretty(&data).unwrap_or_default(),
        ),
        Err(err) => refusal(err),
    }
}

fn download(content_type: &str, file_name: &str, body: Vec<u8>) -> Response {
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

fn refusal(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(err)).into_response()
}

/// RFC 4180 CSV with a byte-order mark, so that Excel (as Chinese offices use it) reads the
/// UTF-8 right.
fn csv(rows: &[ExportRow]) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|cell| quote(&cell)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut ExportRow::COLUMNS.iter().map(|c| c.to_string()));
    for row in rows {
        line(&mut row.cells().into_iter());
    }
    out
}

/// Quotes a cell when it must be, and defuses text a spreadsheet would run as a formula.
fn quote(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// `+8613800138000` and `-12.5` are values, not formulas.
fn is_number(cell: &str) -> bool {
    cell.len() > 1 && cell[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(quote("+8613800138000"), "+8613800138000");
        assert_eq!(quote("张伟"), "张伟");
    }
}
