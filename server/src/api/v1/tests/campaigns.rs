//! Campaigns through the REST API: read by those who run them, with a campaigns token.

use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::json;

use super::{bearer, call, header, send};
use crate::http::access_matrix::client::Client;
use crate::http::access_matrix::records::Records;

async fn marketers_read_campaigns_and_their_reports(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let campaign = Records::new(&client).campaign().await;
    let marketing = bearer(&client, &client.marketing, "campaigns:read").await;

    let (status, _, all) = send(&client, call(Method::GET, "/api/v1/campaigns", &marketing)).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all[0]["id"], json!(campaign.id));
    assert_eq!(all[0]["status"], "draft");

    let path = format!("/api/v1/campaigns/{}", campaign.id);
    let (status, headers, one) = send(&client, call(Method::GET, &path, &marketing)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["name"], json!(campaign.name));
    assert_eq!(header(&headers, "etag"), Some("\"1\""));

    let report = |days: &str| call(Method::GET, &format!("{path}/report{days}"), &marketing);
    let (status, _, counted) = send(&client, report("")).await;
    assert_eq!(status, StatusCode::OK, "{counted}");
    assert_eq!(counted["counts"]["sent"], 0, "a draft has sent nothing");
    let (status, _, refused) = send(&client, report("?days=400")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["Validation"]["days"][0]["kind"], "range");
    let (_, _, refused) = send(&client, report("?days=a%20week")).await;
    assert_eq!(refused["error"]["Validation"]["days"][0]["kind"], "type");

    // A rep does not run campaigns, whatever their token says; a token of another area opens
    // none.
    let rep = bearer(&client, &client.rep, "campaigns:read").await;
    let (status, _, _) = send(&client, call(Method::GET, "/api/v1/campaigns", &rep)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let contacts = bearer(&client, &client.marketing, "contacts:read").await;
    let (status, _, _) = send(&client, call(Method::GET, &path, &contacts)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
app::db_test!(marketers_read_campaigns_and_their_reports);
