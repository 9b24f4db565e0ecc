//! Tickets through the REST API, as a shop's system opens them and a helpdesk bot works them.

use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use super::{bearer, call, header, send, with_json};
use crate::http::access_matrix::client::Client;

async fn a_program_opens_a_ticket_once_and_works_it_at_its_version(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let owner = bearer(&client, &client.owner, "contacts:write").await;
    let person = json!({ "name": "赵敏", "email": "zhao.min@example.cn" });
    let person = with_json(call(Method::POST, "/api/v1/contacts", &owner), person);
    let (_, _, contact) = send(&client, person).await;
    let desk = bearer(&client, &client.support, "tickets:write").await;

    let ticket = json!({
        "contact_id": contact["id"],
        "subject": "包裹破损",
        "body": "收到的茶杯碎了两个。",
        "priority": "high"
    });
    let open = || {
        with_json(call(Method::POST, "/api/v1/tickets", &desk), ticket.clone())
            .with_header("idempotency-key", "shop-claim-77")
    };
    let (status, headers, made) = send(&client, open()).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (&made["channel"], &made["status"], &made["priority"]),
        (&json!("api"), &json!("new"), &json!("high"))
    );
    let id = made["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/tickets/{id}");
    assert_eq!(header(&headers, "location"), Some(path.as_str()));
    let (_, headers, again) = send(&client, open()).await;
    assert_eq!(
        (&again["number"], header(&headers, "idempotent-replayed")),
        (&made["number"], Some("true")),
        "a retry opens no second ticket"
    );

    let change = |version: &str, body: Value| {
        with_json(call(Method::PATCH, &path, &desk), body).with_header("if-match", version)
    };
    let tags = json!({ "status": "pending", "tags": ["退货", "VIP"] });
    let (status, headers, pending) = send(&client, change("\"1\"", tags)).await;
    assert_eq!(status, StatusCode::OK, "{pending}");
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["priority"], "high", "what was not sent stays");
    assert_eq!(pending["tags"].as_array().unwrap().len(), 2);
    assert_eq!(header(&headers, "etag"), Some("\"2\""));
    let (status, _, stale) = send(&client, change("\"1\"", json!({ "priority": "low" }))).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["error"]["Stale"]["current"]["status"], "pending");
    let (status, _, closed) = send(&client, change("\"2\"", json!({ "status": "closed" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        closed["error"]["Validation"]["status"][0]["kind"],
        "transition"
    );
    let (status, _, empty) = send(&client, change("\"2\"", json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{empty}");

    let messages = format!("{path}/messages");
    let message = |version: &str, body: Value| {
        with_json(call(Method::POST, &messages, &desk), body).with_header("if-match", version)
    };
    let answer = json!({ "body": "已为您补发两个茶杯。", "status": "solved" });
    let (status, headers, thread) = send(&client, message("\"2\"", answer.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    assert_eq!(thread["ticket"]["status"], "solved");
    let last = thread["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (&last["kind"], &last["body"]),
        (&json!("reply"), &answer["body"])
    );
    assert_eq!(header(&headers, "etag"), Some("\"3\""));
    // Sent again after a lost answer, the old version tells it was taken.
    let (status, _, _) = send(&client, message("\"2\"", answer)).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let note = json!({ "body": "补发单号 SF123", "note": true });
    let (status, _, thread) = send(&client, message("\"3\"", note)).await;
    assert_eq!(status, StatusCode::CREATED);
    let last = thread["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "note");
    assert_eq!(thread["ticket"]["status"], "solved", "a note moves nothing");
    let (status, _, blank) = send(&client, message("\"4\"", json!({ "body": " " }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank["error"]["Validation"]["body"][0]["kind"], "required");

    let (_, _, read) = send(&client, call(Method::GET, &path, &desk)).await;
    assert_eq!(read["messages"].as_array().unwrap().len(), 3);
}
app::db_test!(a_program_opens_a_ticket_once_and_works_it_at_its_version);

async fn a_ticket_is_refused_field_by_field_and_to_those_off_the_desk(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let desk = bearer(&client, &client.support, "tickets:write").await;
    let nobody = json!({ "subject": "", "body": "?", "mood": "angry" });
    let post = with_json(call(Method::POST, "/api/v1/tickets", &desk), nobody);
    let (status, _, refused) = send(&client, post).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["Validation"]["mood"][0]["kind"],
        "unknown_field"
    );
    let post = with_json(
        call(Method::POST, "/api/v1/tickets", &desk),
        json!({ "subject": "" }),
    );
    let (status, _, refused) = send(&client, post).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["contact_id", "subject", "body"] {
        assert_eq!(
            refused["error"]["Validation"][field][0]["kind"], "required",
            "{field}: {refused}"
        );
    }
    // A rep's token, however scoped, works no tickets: the rep does not.
    let rep = bearer(&client, &client.rep, "tickets:write").await;
    let post = with_json(
        call(Method::POST, "/api/v1/tickets", &rep),
        json!({ "subject": "x", "body": "y" }),
    );
    assert_eq!(send(&client, post).await.0, StatusCode::FORBIDDEN);
}
app::db_test!(a_ticket_is_refused_field_by_field_and_to_those_off_the_desk);
