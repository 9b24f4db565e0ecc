mod campaigns;
mod contacts;
mod deals;
mod lists;
mod orders;
mod tasks;
mod tickets;

use std::sync::Arc;
use std::time::Duration;

use app::auth::tokens::service::{create, revoke};
use app::auth::tokens::types::{Area, TokenForm};
use app::core::actor::User;
use app::error::AppError;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::response::IntoResponse;
use sea_orm::DatabaseConnection;
use serde_json::Value;

use super::{ApiLimit, Caller};
use crate::http::access_matrix::client::{Call, Client};
use crate::http::rate_limit::RateLimit;
use crate::testing::desk::owner;

/// The `Authorization` of a new token of `person`'s with `scope`.
async fn bearer(client: &Client, person: &User, scope: &str) -> String {
    client.door.bearer(person, &[scope]).await
}

/// A program's request, with its token.
fn call(method: Method, path: &str, bearer: &str) -> Call {
    Call::rest(method, path, path).with_header("authorization", bearer)
}

/// `call` with `body` as JSON.
fn with_json(call: Call, body: Value) -> Call {
    call.with_body("application/json", body.to_string())
}

/// The answer to `call`, its body as JSON.
async fn send(client: &Client, call: Call) -> (StatusCode, HeaderMap, Value) {
    let (status, headers, body) = client.door.exchange(None, &call).await;
    let body = serde_json::from_slice(&body)
        .unwrap_or_else(|err| panic!("{status}: {err}: {}", String::from_utf8_lossy(&body)));
    (status, headers, body)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}

/// What the extractor reads: the database, and the limit per token.
#[derive(Clone)]
struct State {
    conn: DatabaseConnection,
    limit: ApiLimit,
}

impl FromRef<State> for DatabaseConnection {
    fn from_ref(state: &State) -> Self {
        state.conn.clone()
    }
}

impl FromRef<State> for ApiLimit {
    fn from_ref(state: &State) -> Self {
        state.limit.clone()
    }
}

fn state(conn: &DatabaseConnection) -> State {
    State {
        conn: conn.clone(),
        limit: ApiLimit::default(),
    }
}

/// The caller a request with `authorization` is taken for.
async fn caller(state: &State, authorization: Option<&str>) -> Result<Caller, AppError> {
    let mut request = Request::builder();
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let (mut parts, ()) = request.body(()).unwrap().into_parts();
    Caller::from_request_parts(&mut parts, state).await
}

async fn a_token_opens_only_its_areas_and_only_while_it_lives(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let form = TokenForm {
        name: "Finance".into(),
        scopes: vec!["deals:read".into()],
        expires_days: String::new(),
    };
    let made = create(conn, &owner, &form, chrono::Utc::now())
        .await
        .unwrap();
    let bearer = format!("Bearer {}", made.secret);
    let conn = &state(conn);

    let finance = caller(conn, Some(&bearer)).await.unwrap();
    assert_eq!(
        finance.may(Area::Deals, false).unwrap().user.id,
        owner.user.id
    );
    assert_eq!(
        finance.may(Area::Deals, true).unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        finance.may(Area::Contacts, false).unwrap_err(),
        AppError::Forbidden
    );

    for refused in [
        None,
        Some("Bearer banyan_guessed"),
        Some(made.secret.as_str()),
    ] {
        assert_eq!(
            caller(conn, refused).await.err(),
            Some(AppError::Unauthorized)
        );
    }
    revoke(&conn.conn, &owner, made.token.id).await.unwrap();
    assert_eq!(
        caller(conn, Some(&bearer)).await.err(),
        Some(AppError::Unauthorized)
    );
}
app::db_test!(a_token_opens_only_its_areas_and_only_while_it_lives);

async fn a_token_used_too_often_waits(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let form = TokenForm {
        name: "Loop".into(),
        scopes: vec!["contacts:read".into()],
        expires_days: String::new(),
    };
    let made = create(conn, &owner, &form, chrono::Utc::now())
        .await
        .unwrap();
    let bearer = format!("Bearer {}", made.secret);
    let busy = State {
        conn: conn.clone(),
        limit: ApiLimit(Arc::new(RateLimit::new(2, Duration::from_secs(60)))),
    };
    for _ in 0..2 {
        assert!(caller(&busy, Some(&bearer)).await.is_ok());
    }
    let refused = caller(&busy, Some(&bearer)).await.err().unwrap();
    assert!(
        matches!(refused, AppError::RateLimited { retry_after_secs } if (1..=60).contains(&retry_after_secs)),
        "{refused:?}"
    );
    let answer = refused.into_response();
    assert_eq!(answer.status(), 429);
    assert!(answer.headers().contains_key("retry-after"));
}
app::db_test!(a_token_used_too_often_waits);
