//! How much a request may send, by where it goes, in one table. Server functions read their
//! whole body before looking at it, so without a cap one request could fill the memory.
//! A request that says it is larger is refused before it is read (413); one that does not
//! say is cut where it passes the cap. Uploads read theirs themselves, to tell the uploader
//! in words that the file is too large.

use app::error::{AppError, Invalid};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;
use leptos::server_fn::ServerFn;

use crate::api;

/// Any form, answer or server function: the longest texts Banyan keeps are a few tens of KB.
pub const ANY: usize = 2 * 1024 * 1024;
/// A device's batch of offline writes: 100 of them, each up to a long note.
const SYNC: usize = 8 * 1024 * 1024;

// A file upload is larger than any form.
const _: () = assert!(api::imports::BODY_LIMIT > ANY && api::attachments::BODY_LIMIT > ANY);

/// The cap of an upload, whose handler reads past it to say so in words.
fn upload(path: &str) -> Option<usize> {
    if path == api::imports::PATH {
        Some(api::imports::BODY_LIMIT)
    } else if path.starts_with("/api/tickets/") && path.ends_with("/attachments") {
        Some(api::attachments::BODY_LIMIT)
    } else if path == api::inbound::PATH {
        Some(api::inbound::BODY_LIMIT)
    } else {
        None
    }
}

fn most(path: &str) -> usize {
    upload(path).unwrap_or(if path == app::sync::api::SyncWrites::PATH {
        SYNC
    } else {
        ANY
    })
}

pub async fn limit_body(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let most = most(path);
    let said = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    if upload(path).is_none() && said.is_some_and(|length| length > most as u64) {
        let err = AppError::invalid("body", Invalid::TooLong { max: most });
        let body = serde_json::to_string(&err).unwrap_or_default();
        let kind = [(header::CONTENT_TYPE, "application/json")];
        return (StatusCode::PAYLOAD_TOO_LARGE, kind, body).into_response();
    }
    let request = request.map(|body| Body::new(Limited::new(body, most)));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_and_a_device_s_queue_may_send_more_than_a_form() {
        assert_eq!(most("/api/login"), ANY);
        assert_eq!(most("/api/imports"), api::imports::BODY_LIMIT);
        assert_eq!(
            most("/api/tickets/0193/attachments"),
            api::attachments::BODY_LIMIT
        );
        assert_eq!(most("/inbound/email"), api::inbound::BODY_LIMIT);
        assert_eq!(most("/api/sync_writes"), SYNC);
    }
}
