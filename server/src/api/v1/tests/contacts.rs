//! The contacts of the REST API through the whole router: made once however often a program
//! sends the same create, changed only at the version read, and refused by field.

use app::error::Invalid;
use app::i18n::Locale;
use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use super::{bearer, call, header, send, with_json};
use crate::http::access_matrix::client::{Call, Client};

fn post(bearer: &str, body: Value) -> Call {
    with_json(call(Method::POST, "/api/v1/contacts", bearer), body)
}

fn patch(bearer: &str, id: &str, version: Option<&str>, body: Value) -> Call {
    let change = with_json(
        call(Method::PATCH, &format!("/api/v1/contacts/{id}"), bearer),
        body,
    );
    match version {
        Some(version) => change.with_header("if-match", version),
        None => change,
    }
}

async fn a_create_sent_again_with_its_key_makes_one_contact(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let email = format!("qian.yu.{}@example.cn", uuid::Uuid::now_v7().simple());
    let new = json!({ "name": "钱宇", "email": email, "tags": ["VIP", "华东"] });
    let keyed = || post(&rep, new.clone()).with_header("idempotency-key", "order-sync-1");

    let (status, headers, first) = send(&client, keyed()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let id = first["id"].as_str().unwrap().to_owned();
    assert_eq!(
        header(&headers, "location"),
        Some(format!("/api/v1/contacts/{id}").as_str())
    );
    assert_eq!(header(&headers, "etag"), Some("\"1\""));
    assert_eq!(
        first["owner_id"],
        json!(client.rep.id),
        "a rep's contact is theirs"
    );
    assert_eq!(first["tags"], json!(["VIP", "华东"]));
    assert_eq!(header(&headers, "idempotent-replayed"), None);

    let (status, headers, again) = send(&client, keyed()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again, first, "the first answer, again");
    assert_eq!(header(&headers, "idempotent-replayed"), Some("true"));

    let other = json!({ "name": "钱宇", "email": email, "city": "杭州" });
    let reused = post(&rep, other).with_header("idempotency-key", "order-sync-1");
    let (status, _, refused) = send(&client, reused).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["Validation"]["Idempotency-Key"][0]["kind"],
        "key_reused"
    );

    let list = call(Method::GET, &format!("/api/v1/contacts?q={email}"), &rep);
    let (status, _, page) = send(&client, list).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["rows"].as_array().unwrap().len(), 1, "{page}");

    // Sent twice at once, it is still made once: the second waits for the first's answer.
    let once =
        || post(&rep, json!({ "name": "吴昊" })).with_header("idempotency-key", "order-sync-2");
    let ((a, _, first), (b, _, second)) =
        tokio::join!(send(&client, once()), send(&client, once()));
    assert_eq!((a, b), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first["id"], second["id"]);

    // Another token's key is its own.
    let owner = bearer(&client, &client.owner, "contacts:write").await;
    let theirs =
        post(&owner, json!({ "name": "孙丽" })).with_header("idempotency-key", "order-sync-1");
    let (status, _, made) = send(&client, theirs).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(made["id"], first["id"]);
}
app::db_test!(a_create_sent_again_with_its_key_makes_one_contact);

async fn a_change_names_the_version_it_read_and_changes_what_it_sends(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let new = json!({ "name": "周杰", "email": "zhou.jie@example.cn", "city": "上海" });
    let (_, _, made) = send(&client, post(&rep, new)).await;
    let id = made["id"].as_str().unwrap();

    let (status, _, unnamed) =
        send(&client, patch(&rep, id, None, json!({ "city": "苏州" }))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(unnamed["error"], "VersionRequired");

    let (status, headers, changed) = send(
        &client,
        patch(&rep, id, Some("\"1\""), json!({ "city": "苏州" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["city"], "苏州");
    assert_eq!(
        changed["email"], "zhou.jie@example.cn",
        "what is not sent stays"
    );
    assert_eq!(changed["version"], 2);
    assert_eq!(header(&headers, "etag"), Some("\"2\""));

    let (status, _, stale) = send(
        &client,
        patch(&rep, id, Some("\"1\""), json!({ "city": "杭州" })),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        stale["error"]["Stale"]["current"]["city"], "苏州",
        "the record as it is"
    );
    assert_eq!(stale["error"]["Stale"]["current"]["version"], 2);

    let (status, _, emptied) = send(
        &client,
        patch(&rep, id, Some("W/\"2\""), json!({ "city": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(emptied["city"], Value::Null);

    let (status, headers, read) = send(
        &client,
        call(Method::GET, &format!("/api/v1/contacts/{id}"), &rep),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["version"], 3);
    assert_eq!(header(&headers, "etag"), Some("\"3\""));
}
app::db_test!(a_change_names_the_version_it_read_and_changes_what_it_sends);

async fn a_body_is_refused_field_by_field_in_the_callers_language(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let refusal = |body: &'static str| {
        call(Method::POST, "/api/v1/contacts", &rep).with_body("application/json", body)
    };

    let (status, _, broken) = send(&client, refusal("{\"name\": ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let why = &broken["error"]["Validation"]["body"][0];
    assert_eq!(
        (why["kind"].as_str(), why["line"].as_u64()),
        (Some("json"), Some(1))
    );

    let (_, _, unknown) = send(&client, refusal(r#"{"name": "钱宇", "nickname": "小钱"}"#)).await;
    assert_eq!(
        unknown["error"]["Validation"]["nickname"][0]["kind"],
        "unknown_field"
    );

    let (_, _, wrong) = send(&client, refusal(r#"{"name": "钱宇", "tags": "VIP"}"#)).await;
    assert_eq!(wrong["error"]["Validation"]["tags"][0]["kind"], "type");

    let (_, _, meaning) = send(&client, refusal(r#"{"email": "not an address"}"#)).await;
    let fields = &meaning["error"]["Validation"];
    assert_eq!(fields["name"][0]["kind"], "required", "{meaning}");
    assert_eq!(fields["email"][0]["kind"], "email");

    let text = call(Method::POST, "/api/v1/contacts", &rep).with_body("text/plain", "钱宇");
    let (status, _, kind) = send(&client, text).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kind["errors"]["Content-Type"].is_array(), "{kind}");

    let chinese = refusal(r#"{"name": "钱宇", "nickname": "小钱"}"#)
        .with_header("accept-language", "zh-CN,zh;q=0.9");
    let (_, _, worded) = send(&client, chinese).await;
    let zh = Locale::ZhCn.messages().invalid(&Invalid::UnknownField);
    assert_eq!(worded["errors"]["nickname"][0], zh.as_str());
}
app::db_test!(a_body_is_refused_field_by_field_in_the_callers_language);
