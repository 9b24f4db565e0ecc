use axum::http::HeaderValue;
use serde_json::Value;

use super::*;
use crate::testing::desk::{customer, owner};

const SECRET: &str = "an inbound secret for the tests";

fn with_secret(secret: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {secret}")).unwrap(),
    );
    headers
}

async fn post(conn: &DatabaseConnection, headers: HeaderMap, raw: &str) -> (StatusCode, Value) {
    post_to(conn, &Store::temporary(), headers, raw).await
}

async fn post_to(
    conn: &DatabaseConnection,
    store: &Store,
    headers: HeaderMap,
    raw: &str,
) -> (StatusCode, Value) {
    let response = email(
        State(conn.clone()),
        State(store.clone()),
        State(InboundSecret(Some(Arc::from(SECRET)))),
        headers,
        Bytes::from(raw.replace('\n', "\r\n")),
    )
    .await;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

const FIRST: &str = "From: Emily Chen <emily@example.com>
To: help@desk.acme.cn
Subject: Broken hinge
Message-ID: <first-1@mail.example.com>
Content-Type: multipart/alternative; boundary=\"b\"

--b
Content-Type: text/plain; charset=utf-8

The hinge of my cabinet broke after a week.
--b
Content-Type: text/html; charset=utf-8

<p>The hinge of my cabinet broke after a week.</p>
--b--
";

async fn mail_posted_raw_opens_and_threads_tickets(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let (status, body) = post(conn, with_secret(SECRET), FIRST).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["outcome"], "opened");
    assert_eq!(body["ticket"]["subject"], "Broken hinge");
    assert_eq!(body["ticket"]["contact_name"], "Emily Chen");
    let number = body["ticket"]["number"].as_i64().unwrap();
    let id: uuid::Uuid = serde_json::from_value(body["ticket"]["id"].clone()).unwrap();

    // The forwarder posts it again: the same ticket, nothing added.
    let (status, body) = post(conn, with_secret(SECRET), FIRST).await;
    assert_eq!(
        (status, body["outcome"].as_str()),
        (StatusCode::OK, Some("again"))
    );

    // The customer answers from a program that quotes our mail and names it in References.
    let answer = "From: emily@example.com
To: help@desk.acme.cn
Subject: Re: Broken hinge
Message-ID: <second-2@mail.example.com>
References: <first-1@mail.example.com>
Content-Type: text/plain; charset=utf-8

Here is a photo of it.

On Tue, 1 Dec 2026, Acme <help@desk.acme.cn> wrote:
> Could you send us a photo?
";
    let (status, body) = post(conn, with_secret(SECRET), answer).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["outcome"], "threaded");
    assert_eq!(body["ticket"]["number"].as_i64(), Some(number));
    let thread = app::tickets::service::thread(conn, &owner, id, chrono::Utc::now())
        .await
        .unwrap();
    let bodies: Vec<&str> = thread.messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "The hinge of my cabinet broke after a week.",
            "Here is a photo of it."
        ]
    );

    // An out-of-office answer is set aside.
    let away = "From: emily@example.com
Subject: Automatic reply: Broken hinge
Auto-Submitted: auto-replied
In-Reply-To: <first-1@mail.example.com>

I am away until Monday.
";
    let (status, body) = post(conn, with_secret(SECRET), away).await;
    assert_eq!(
        (status, body["outcome"].as_str()),
        (StatusCode::ACCEPTED, Some("ignored"))
    );
    let thread = app::tickets::service::thread(conn, &owner, id, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(thread.messages.len(), 2);
}
app::db_test!(mail_posted_raw_opens_and_threads_tickets);

async fn chinese_mail_in_gbk_reads_right(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let known = customer(conn, &owner, "张伟", "zhang.wei@example.cn").await;
    // "你好" in GBK, as QQ Mail and Foxmail still send it: subject and body.
    let raw = "From: =?gb2312?B?1cXOsA==?= <zhang.wei@example.cn>
Subject: =?gb2312?B?xOO6ww==?=
Message-ID: <gbk-1@qq.example.com>
Content-Type: text/plain; charset=gbk
Content-Transfer-Encoding: base64

xOO6ww==
";
    let (status, body) = post(conn, with_secret(SECRET), raw).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["ticket"]["subject"], "你好");
    assert_eq!(body["ticket"]["contact_id"], known.id.to_string());
    let id: uuid::Uuid = serde_json::from_value(body["ticket"]["id"].clone()).unwrap();
    let thread = app::tickets::service::thread(conn, &owner, id, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(thread.messages[0].body, "你好");
}
app::db_test!(chinese_mail_in_gbk_reads_right);

#[tokio::test]
async fn the_door_is_shut_without_the_secret_and_refuses_what_is_not_mail() {
    let db = app::testing::TestDb::sqlite().await;
    let conn = db.conn.clone();
    let shut = email(
        State(conn.clone()),
        State(Store::temporary()),
        State(InboundSecret(None)),
        with_secret(SECRET),
        Bytes::from(FIRST),
    )
    .await;
    assert_eq!(shut.status(), StatusCode::NOT_FOUND);
    let (status, body) = post(&conn, with_secret("a wrong secret of the same size"), FIRST).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].as_str().unwrap().contains("Bearer"));
    let (status, _) = post(&conn, HeaderMap::new(), FIRST).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = post(&conn, with_secret(SECRET), "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let no_sender = "Subject: hello\n\nno From header\n";
    let (status, _) = post(&conn, with_secret(SECRET), no_sender).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    db.remove().await;
}

async fn attachments_are_kept_and_the_refused_ones_named(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let store = Store::temporary();
    // A PDF and a program, as a mail program attaches them (base64).
    let raw = "From: Emily Chen <emily@example.com>
Subject: Invoice
Message-ID: <files-1@mail.example.com>
Content-Type: multipart/mixed; boundary=\"m\"

--m
Content-Type: text/plain; charset=utf-8

The invoice and the tool.
--m
Content-Type: application/octet-stream; name=\"=?utf-8?B?5Y+R56WoLnBkZg==?=\"
Content-Disposition: attachment; filename=\"=?utf-8?B?5Y+R56WoLnBkZg==?=\"
Content-Transfer-Encoding: base64

JVBERi0xLjcK
--m
Content-Type: application/octet-stream; name=\"tool.exe\"
Content-Disposition: attachment; filename=\"tool.exe\"
Content-Transfer-Encoding: base64

TVqQAAMAAAA=
--m--
";
    let (status, body) = post_to(conn, &store, with_secret(SECRET), raw).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id: uuid::Uuid = serde_json::from_value(body["ticket"]["id"].clone()).unwrap();
    let thread = app::tickets::service::thread(conn, &owner, id, chrono::Utc::now())
        .await
        .unwrap();
    let first = &thread.messages[0];
    assert_eq!(first.attachments.len(), 1);
    // The type is what the bytes are, not what the mail said.
    assert_eq!(first.attachments[0].file_name, "发票.pdf");
    assert_eq!(first.attachments[0].content_type, "application/pdf");
    assert!(
        first
            .body
            .starts_with("The invoice and the tool.\n\n[Attachments not kept]\ntool.exe: ")
    );
    let (_, bytes) =
        app::tickets::attachments::service::open(conn, &store, &owner, first.attachments[0].id)
            .await
            .unwrap();
    assert_eq!(bytes, b"%PDF-1.7\n");
}
app::db_test!(attachments_are_kept_and_the_refused_ones_named);
