use app::auth::types::NewUserForm;
use app::core::actor::{Actor, Role};
use app::core::code::TextCode;
use app::tickets::types::NewTicket;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::Request;
use serde_json::Value;

use super::*;
use crate::testing::desk::{customer, owner};

/// A form as a browser posts one file.
async fn form_with(name: &str, bytes: &[u8]) -> Multipart {
    let mut body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--b--\r\n");
    let request = Request::builder()
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
        .body(Body::from(body))
        .unwrap();
    Multipart::from_request(request, &()).await.unwrap()
}

/// Who the server finds signed in on a request that carries `actor`'s session, or none.
async fn signed_in(actor: Option<Actor>) -> Result<SignedIn, AppError> {
    let mut request = Request::builder().body(()).unwrap();
    if let Some(actor) = actor {
        request.extensions_mut().insert(actor);
    }
    let (mut parts, ()) = request.into_parts();
    SignedIn::from_request_parts(&mut parts, &()).await
}

async fn json(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn files_go_up_and_come_back_to_those_who_may_see_them(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let store = Store::temporary();
    let emily = customer(conn, &owner, "Emily Chen", "emily@example.com").await;
    let form = NewTicket {
        contact_id: Some(emily.id),
        subject: "Invoice".into(),
        body: "Please send the invoice.".into(),
        ..NewTicket::default()
    };
    let ticket = app::tickets::service::create(conn, &owner, &form, chrono::Utc::now())
        .await
        .unwrap();
    let up = |signed: Option<Actor>, name: &'static str, bytes: &'static [u8]| {
        let (conn, store) = (conn.clone(), store.clone());
        async move {
            let form = form_with(name, bytes).await;
            let answer = match signed_in(signed).await {
                Ok(signed) => upload(State(conn), State(store), signed, Path(ticket.id), form)
                    .await
                    .into_response(),
                Err(refused) => refused.into_response(),
            };
            json(answer).await
        }
    };

    let (status, kept) = up(Some(owner.clone()), "发票 12月.pdf", b"%PDF-1.7\n").await;
    assert_eq!(status, StatusCode::CREATED, "{kept}");
    assert_eq!(kept["content_type"], "application/pdf");
    let (status, refused) = up(Some(owner.clone()), "tool.exe", b"MZ\x90\0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["Validation"]["file"][0]["kind"],
        "file_type"
    );
    let (status, _) = up(None, "a.pdf", b"%PDF-").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let id: Uuid = serde_json::from_value(kept["id"].clone()).unwrap();
    let down = |signed: Option<Actor>| {
        let (conn, store) = (conn.clone(), store.clone());
        async move {
            match signed_in(signed).await {
                Ok(signed) => download(State(conn), State(store), signed, Path(id))
                    .await
                    .into_response(),
                Err(refused) => refused.into_response(),
            }
        }
    };
    let response = down(Some(owner.clone())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "inline; filename=\"__ 12_.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%2012%E6%9C%88.pdf"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    assert_eq!(&body[..], b"%PDF-1.7\n");

    // Marketing reads no tickets, so no ticket's files either.
    let key = app::core::signing::SecretKey::for_tests();
    let form = NewUserForm {
        email: "marketing@acme.cn".into(),
        name: "Marketing".into(),
        role: Role::Marketing.as_str().into(),
        password: "a good password".into(),
    };
    let (user, _) = app::auth::service::create_user(conn, &key, &owner, form)
        .await
        .unwrap();
    let marketing = Actor {
        user,
        ..owner.clone()
    };
    assert_eq!(down(Some(marketing)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(down(None).await.status(), StatusCode::UNAUTHORIZED);
}
app::db_test!(files_go_up_and_come_back_to_those_who_may_see_them);
