//! Orders through the REST API, as an ERP sends, reads and changes them.

use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use super::{bearer, call, header, send, with_json};
use crate::http::access_matrix::client::Client;

/// A customer of the rep's, made through the API.
async fn customer(client: &Client, rep: &str) -> String {
    let person = with_json(
        call(Method::POST, "/api/v1/contacts", rep),
        json!({ "name": "钱宇" }),
    );
    let (_, _, contact) = send(client, person).await;
    contact["id"].as_str().unwrap().to_owned()
}

async fn an_erp_sends_an_order_once_and_refunds_it_at_its_version(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let contact = customer(&client, &rep).await;
    let order = json!({
        "contact_id": contact,
        "external_id": "K3-SO-0042",
        "ordered_on": "2026-12-01",
        "lines": [
            { "description": "乌龙茶 500 克", "quantity": 3, "unit_amount": 120.5 },
            { "description": "茶杯", "quantity": "2", "unit_amount": "¥40" }
        ]
    });
    let send_order = || {
        with_json(call(Method::POST, "/api/v1/orders", &rep), order.clone())
            .with_header("idempotency-key", "k3-0042")
    };
    let (status, headers, made) = send(&client, send_order()).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["amount"]["minor"], 3 * 12_050 + 2 * 4_000);
    assert_eq!(made["status"], "paid", "paid unless named");
    assert!(made["number"].as_str().unwrap().starts_with("20261201-"));
    assert_eq!(made["lines"][1]["description"], "茶杯");
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(
        header(&headers, "location"),
        Some(format!("/api/v1/orders/{id}").as_str())
    );
    let (_, headers, again) = send(&client, send_order()).await;
    assert_eq!(
        (&again["id"], header(&headers, "idempotent-replayed")),
        (&made["id"], Some("true"))
    );
    // Sent again without the key, the ERP id tells it is the same order.
    let twice = with_json(call(Method::POST, "/api/v1/orders", &rep), order.clone());
    let (status, _, refused) = send(&client, twice).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["Validation"]["external_id"][0]["kind"],
        "taken"
    );

    let path = format!("/api/v1/orders/{id}");
    let change = |version: &str, body: Value| {
        with_json(call(Method::PATCH, &path, &rep), body).with_header("if-match", version)
    };
    let (status, headers, refunded) =
        send(&client, change("\"1\"", json!({ "status": "refunded" }))).await;
    assert_eq!(status, StatusCode::OK, "{refunded}");
    assert_eq!(refunded["status"], "refunded");
    assert_eq!(header(&headers, "etag"), Some("\"2\""));
    let (status, _, stale) = send(&client, change("\"1\"", json!({ "note": "partial" }))).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["error"]["Stale"]["current"]["status"], "refunded");
    let (status, _, back) = send(&client, change("\"2\"", json!({ "status": "paid" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        back["error"]["Validation"]["status"][0]["kind"],
        "transition"
    );
    let (status, _, empty) = send(&client, change("\"2\"", json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{empty}");
    let (status, _, unknown) = send(&client, change("\"2\"", json!({ "amount": 10 }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown["error"]["Validation"]["amount"][0]["kind"],
        "unknown_field"
    );

    let (status, _, read) = send(&client, call(Method::GET, &path, &rep)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (&read["status"], &read["version"]),
        (&json!("refunded"), &json!(2))
    );
}
app::db_test!(an_erp_sends_an_order_once_and_refunds_it_at_its_version);

async fn orders_are_listed_by_erp_id_and_refused_line_by_line(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let rep = bearer(&client, &client.rep, "contacts:write").await;
    let contact = customer(&client, &rep).await;
    for n in 1..=3 {
        let order = json!({
            "contact_id": contact,
            "number": format!("SO-{n}"),
            "external_id": format!("K3-{n}"),
            "ordered_on": "2026-12-02",
            "amount": "1,200",
            "currency": "CNY"
        });
        let post = with_json(call(Method::POST, "/api/v1/orders", &rep), order);
        assert_eq!(send(&client, post).await.0, StatusCode::CREATED);
    }
    let list = |query: &str| call(Method::GET, &format!("/api/v1/orders{query}"), &rep);
    let (status, _, page) = send(&client, list("?external_id=K3-2")).await;
    assert_eq!(status, StatusCode::OK);
    let orders = page["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["number"], "SO-2");
    let (_, _, all) = send(&client, list(&format!("?contact_id={contact}"))).await;
    assert_eq!(all["orders"].as_array().unwrap().len(), 3);
    assert_eq!(all["orders"][0]["number"], "SO-3", "the newest first");
    let (status, _, bad) = send(&client, list("?contact_id=someone")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["Validation"]["contact_id"][0]["kind"], "type");

    let broken = json!({
        "contact_id": contact,
        "ordered_on": "2026-12-02",
        "lines": [
            { "description": "乌龙茶", "quantity": 0, "unit_amount": 10 },
            { "description": "", "quantity": 1, "unit_amount": "ten" }
        ]
    });
    let post = with_json(call(Method::POST, "/api/v1/orders", &rep), broken);
    let (status, _, refused) = send(&client, post).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &refused["error"]["Validation"];
    assert_eq!(fields["lines[0].quantity"][0]["kind"], "range", "{refused}");
    assert_eq!(fields["lines[1].description"][0]["kind"], "required");
    assert_eq!(fields["lines[1].unit_amount"][0]["kind"], "amount");
    let no_customer = with_json(
        call(Method::POST, "/api/v1/orders", &rep),
        json!({ "ordered_on": "2026-12-02", "amount": 5 }),
    );
    let (_, _, refused) = send(&client, no_customer).await;
    assert_eq!(
        refused["error"]["Validation"]["contact_id"][0]["kind"],
        "required"
    );

    // A token that reads contacts reads orders, and changes none.
    let reader = bearer(&client, &client.rep, "contacts:read").await;
    let (status, _, _) = send(&client, call(Method::GET, "/api/v1/orders", &reader)).await;
    assert_eq!(status, StatusCode::OK);
    let order = json!({ "contact_id": contact, "ordered_on": "2026-12-02", "amount": 5 });
    let post = with_json(call(Method::POST, "/api/v1/orders", &reader), order);
    assert_eq!(send(&client, post).await.0, StatusCode::FORBIDDEN);
}
app::db_test!(orders_are_listed_by_erp_id_and_refused_line_by_line);
