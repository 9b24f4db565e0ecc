use app::auth::tokens::service::{create, revoke};
use app::auth::tokens::types::{Area, TokenForm};
use app::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::Request;
use sea_orm::DatabaseConnection;

use super::Caller;
use crate::testing::desk::owner;

/// The caller a request with `authorization` is taken for.
async fn caller(
    conn: &DatabaseConnection,
    authorization: Option<&str>,
) -> Result<Caller, AppError> {
    let mut request = Request::builder();
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let (mut parts, ()) = request.body(()).unwrap().into_parts();
    Caller::from_request_parts(&mut parts, conn).await
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
    revoke(conn, &owner, made.token.id).await.unwrap();
    assert_eq!(
        caller(conn, Some(&bearer)).await.err(),
        Some(AppError::Unauthorized)
    );
}
app::db_test!(a_token_opens_only_its_areas_and_only_while_it_lives);
