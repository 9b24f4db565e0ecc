//! A contact's history and the tasks of the REST API through the whole router.

use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use super::{bearer, call, header, send, with_json};
use crate::http::access_matrix::client::Client;

async fn a_call_logged_by_a_program_leads_the_contacts_history(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let person = with_json(
        call(Method::POST, "/api/v1/contacts", &rep),
        json!({ "name": "钱宇" }),
    );
    let (_, _, contact) = send(&client, person).await;
    let id = contact["id"].as_str().unwrap();

    let path = format!("/api/v1/contacts/{id}/interactions");
    let logged = json!({
        "kind": "call",
        "direction": "outbound",
        "occurred_at": "2026-12-01T09:30:00+08:00",
        "subject": "问了交货时间"
    });
    let log = || {
        with_json(call(Method::POST, &path, &rep), logged.clone())
            .with_header("idempotency-key", "crm-call-7")
    };
    let (status, _, call_made) = send(&client, log()).await;
    assert_eq!(status, StatusCode::CREATED, "{call_made}");
    assert_eq!(
        call_made["occurred_at"], "2026-12-01T01:30:00Z",
        "the offset sent is the one meant"
    );
    let (_, headers, again) = send(&client, log()).await;
    assert_eq!(
        (&again["id"], header(&headers, "idempotent-replayed")),
        (&call_made["id"], Some("true"))
    );

    let wrong = with_json(call(Method::POST, &path, &rep), json!({ "kind": "fax" }));
    let (status, _, refused) = send(&client, wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["Validation"]["kind"][0]["kind"], "choice",
        "{refused}"
    );

    let history = call(Method::GET, &format!("/api/v1/contacts/{id}/history"), &rep);
    let (status, _, page) = send(&client, history).await;
    assert_eq!(status, StatusCode::OK);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "logged once: {page}");
    assert_eq!(items[0]["Interaction"]["subject"], "问了交货时间");
}
app::db_test!(a_call_logged_by_a_program_leads_the_contacts_history);

async fn a_task_is_added_then_moved_and_done_at_its_version(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "deals:write").await;
    let new = json!({ "title": "发报价单", "due": "2027-01-12T10:00:00+08:00" });
    let (status, headers, task) = send(
        &client,
        with_json(call(Method::POST, "/api/v1/tasks", &rep), new),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    assert_eq!(
        task["assignee_id"],
        json!(client.rep.id),
        "theirs unless named"
    );
    assert_eq!(task["due_at"], "2027-01-12T02:00:00Z");
    let id = task["id"].as_str().unwrap().to_owned();
    assert_eq!(
        header(&headers, "location"),
        Some(format!("/api/v1/tasks/{id}").as_str())
    );

    let (_, _, read) = send(
        &client,
        call(Method::GET, &format!("/api/v1/tasks/{id}"), &rep),
    )
    .await;
    assert_eq!(read, task);
    let (_, _, mine) = send(&client, call(Method::GET, "/api/v1/tasks", &rep)).await;
    let upcoming: Vec<_> = mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert!(upcoming.contains(&&json!(id)), "{mine}");

    let path = format!("/api/v1/tasks/{id}");
    let change = |version: &str, body: Value| {
        with_json(call(Method::PATCH, &path, &rep), body).with_header("if-match", version)
    };
    let both = json!({ "due": "2027-01-13T10:00:00+08:00", "done": true });
    let (status, headers, done) = send(&client, change("\"1\"", both)).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["done"].as_bool(), done["due_at"].as_str()),
        (Some(true), Some("2027-01-13T02:00:00Z"))
    );
    let version = done["version"].as_i64().unwrap();
    assert_eq!(
        header(&headers, "etag"),
        Some(format!("\"{version}\"").as_str())
    );

    let (status, _, stale) = send(&client, change("\"1\"", json!({ "done": false }))).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["error"]["Stale"]["current"]["done"], true);
    let (status, _, nothing) = send(&client, change(&version.to_string(), json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{nothing}");
}
app::db_test!(a_task_is_added_then_moved_and_done_at_its_version);
