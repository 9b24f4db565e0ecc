//! The lists a program names the rest by: pipelines' stages and saved segments.

use app::customers::segments::api::SaveSegment;
use app::customers::segments::types::{Definition, NewSegment, SavedSegment};
use app::customers::types::ContactQuery;
use axum::http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::json;

use super::{bearer, call, send, with_json};
use crate::http::access_matrix::Who;
use crate::http::access_matrix::client::{Call, Client};

async fn a_program_finds_stages_and_segment_members_by_the_lists(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let deals = bearer(&client, &client.rep, "deals:read").await;
    let (status, _, pipelines) =
        send(&client, call(Method::GET, "/api/v1/pipelines", &deals)).await;
    assert_eq!(status, StatusCode::OK);
    let stages = &pipelines[0]["stages"];
    let first = client.pipeline.stages[0].id;
    assert_eq!(
        stages[0]["id"],
        json!(first),
        "in the board's order: {pipelines}"
    );
    let (status, _, _) = send(&client, call(Method::GET, "/api/v1/segments", &deals)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "segments are the contacts' area"
    );

    let contacts = bearer(&client, &client.rep, "contacts:write").await;
    for name in ["钱宇", "钱多多", "李娜"] {
        let person = with_json(
            call(Method::POST, "/api/v1/contacts", &contacts),
            json!({ "name": name }),
        );
        assert_eq!(send(&client, person).await.0, StatusCode::CREATED);
    }
    let segment = NewSegment {
        name: "姓钱的客户".into(),
        definition: Definition::Rules(ContactQuery {
            q: "钱".into(),
            ..ContactQuery::default()
        }),
        contacts: Vec::new(),
    };
    let saved: SavedSegment = client
        .ask(Who::Marketing, Call::json(SaveSegment { segment }))
        .await;
    let (status, _, segments) =
        send(&client, call(Method::GET, "/api/v1/segments", &contacts)).await;
    assert_eq!(status, StatusCode::OK);
    let listed = segments
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == json!(saved.id))
        .expect("the saved segment is listed");
    assert_eq!(listed["members"], 2);
    let members = format!("/api/v1/contacts?segment={}", saved.id);
    let (status, _, page) = send(&client, call(Method::GET, &members, &contacts)).await;
    assert_eq!(status, StatusCode::OK);
    let mut names: Vec<&str> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["钱多多", "钱宇"]);
}
app::db_test!(a_program_finds_stages_and_segment_members_by_the_lists);
