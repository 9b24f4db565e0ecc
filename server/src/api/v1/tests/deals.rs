//! Deals and companies of the REST API through the whole router.

use app::deals::types::StageKind;
use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use super::{bearer, call, header, send, with_json};
use crate::http::access_matrix::client::Client;

async fn a_deal_is_made_once_then_moved_and_changed_at_its_version(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "deals:write").await;
    let stages = &client.pipeline.stages;
    let new = json!({ "title": "秋季订单", "amount": 12000.5, "stage_id": stages[0].id });
    let post = || {
        let made = with_json(call(Method::POST, "/api/v1/deals", &rep), new.clone());
        made.with_header("idempotency-key", "erp-order-88")
    };

    let (status, headers, made) = send(&client, post()).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(
        header(&headers, "location"),
        Some(format!("/api/v1/deals/{id}").as_str())
    );
    assert_eq!(
        made["amount"]["minor"], 1_200_050,
        "a number is an amount too"
    );
    assert_eq!(made["owner_id"], json!(client.rep.id));
    let (_, headers, again) = send(&client, post()).await;
    assert_eq!(
        (
            again["id"].as_str(),
            header(&headers, "idempotent-replayed")
        ),
        (Some(id.as_str()), Some("true"))
    );

    let path = format!("/api/v1/deals/{id}");
    let change = |version: &str, body: Value| {
        with_json(call(Method::PATCH, &path, &rep), body).with_header("if-match", version)
    };
    let (status, headers, moved) = send(
        &client,
        change(
            "\"1\"",
            json!({ "amount": "15,000", "stage_id": stages[1].id }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["stage"]["id"], json!(stages[1].id));
    assert_eq!(moved["amount"]["minor"], 1_500_000);
    assert_eq!(moved["title"], "秋季订单", "what is not sent stays");
    let version = moved["version"].as_i64().unwrap();
    assert_eq!(
        header(&headers, "etag"),
        Some(format!("\"{version}\"").as_str())
    );

    let lost = stages
        .iter()
        .find(|s| s.kind == StageKind::Lost)
        .unwrap()
        .id;
    let (status, _, why) = send(
        &client,
        change(&version.to_string(), json!({ "stage_id": lost })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(why["error"]["Validation"]["reason"][0]["kind"], "required");

    let (status, _, stale) = send(&client, change("\"1\"", json!({ "title": "冬季订单" }))).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["error"]["Stale"]["current"]["version"], version);

    // A move refused after an edit leaves the edit undone: one change, whole or not at all.
    let both = json!({ "title": "冬季订单", "stage_id": lost });
    let (status, _, _) = send(&client, change(&version.to_string(), both)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, _, read) = send(&client, call(Method::GET, &path, &rep)).await;
    assert_eq!(
        (read["title"].as_str(), read["version"].as_i64()),
        (Some("秋季订单"), Some(version))
    );

    // Another team's rep cannot move it.
    let other = bearer(&client, &client.other_rep, "deals:write").await;
    let theirs = with_json(call(Method::PATCH, &path, &other), json!({ "title": "x" }));
    let (status, _, _) = send(&client, theirs.with_header("if-match", version.to_string())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
app::db_test!(a_deal_is_made_once_then_moved_and_changed_at_its_version);

async fn a_company_changes_at_its_version(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let person = json!({ "name": "钱宇", "company": "华东贸易" });
    let contact = with_json(call(Method::POST, "/api/v1/contacts", &rep), person);
    let (_, _, made) = send(&client, contact).await;
    let id = made["company_id"].as_str().unwrap().to_owned();

    let (status, _, page) =
        send(&client, call(Method::GET, "/api/v1/companies?q=华东", &rep)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["rows"][0]["id"].as_str(), Some(id.as_str()), "{page}");

    let path = format!("/api/v1/companies/{id}");
    let (_, headers, company) = send(&client, call(Method::GET, &path, &rep)).await;
    let etag = header(&headers, "etag").unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", company["version"]));
    let change = |body: Value| {
        with_json(call(Method::PATCH, &path, &rep), body).with_header("if-match", etag.clone())
    };
    let (status, _, changed) =
        send(&client, change(json!({ "city": "宁波", "country": "CN" }))).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        (changed["city"].as_str(), changed["name"].as_str()),
        (Some("宁波"), Some("华东贸易"))
    );
    let (status, _, stale) = send(&client, change(json!({ "city": "杭州" }))).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["error"]["Stale"]["current"]["city"], "宁波");
}
app::db_test!(a_company_changes_at_its_version);

async fn every_deal_is_paged_through_won_and_open_alike(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "deals:write").await;
    let stages = &client.pipeline.stages;
    let won = stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
    let mut made = Vec::new();
    for n in 0..app::deals::service::list::PAGE_SIZE + 2 {
        let new = json!({ "title": format!("订单 {n}"), "amount": 100, "stage_id": stages[0].id });
        let (status, _, deal) = send(
            &client,
            with_json(call(Method::POST, "/api/v1/deals", &rep), new),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{deal}");
        made.push(deal["id"].as_str().unwrap().to_owned());
    }
    let path = format!("/api/v1/deals/{}", made[3]);
    let win = with_json(
        call(Method::PATCH, &path, &rep),
        json!({ "stage_id": won.id }),
    );
    let (status, _, _) = send(&client, win.with_header("if-match", "\"1\"")).await;
    assert_eq!(status, StatusCode::OK);

    let list = |query: &str| call(Method::GET, &format!("/api/v1/deals{query}"), &rep);
    let (status, _, first) = send(&client, list("?whose=everyone")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let next = first["next"].as_str().expect("a second page").to_owned();
    let late = json!({ "title": "晚到的订单", "amount": 5, "stage_id": stages[0].id });
    send(
        &client,
        with_json(call(Method::POST, "/api/v1/deals", &rep), late),
    )
    .await;
    let (_, _, second) = send(&client, list(&format!("?whose=everyone&after={next}"))).await;
    assert_eq!(second["next"], Value::Null);
    let mut seen: Vec<&str> = first["deals"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["deals"].as_array().unwrap())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    seen.reverse();
    assert_eq!(
        seen, made,
        "none repeated, none skipped, the late one not among them"
    );

    let (_, _, closed) = send(&client, list("?status=won")).await;
    let closed = closed["deals"].as_array().unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0]["id"], made[3].as_str());
    let stage = format!("?stage_id={}&q=订单%201", stages[0].id);
    let (_, _, found) = send(&client, list(&stage)).await;
    assert!(
        found["deals"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["title"].as_str().unwrap().starts_with("订单 1")),
        "{found}"
    );
    let (status, _, bad) = send(&client, list("?status=stalled&stage_id=first")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["Validation"]["stage_id"][0]["kind"], "type");
}
app::db_test!(every_deal_is_paged_through_won_and_open_alike);
