use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use app::core::actor::Actor;
use app::core::events::{ContactChange, Event};
use app::core::outbox;
use app::webhooks::entity::webhook;
use app::webhooks::service::{create, deliveries};
use app::webhooks::types::{DeliveryStatus, WebhookForm};
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use super::*;
use crate::jobs::Worker;
use crate::testing::desk::owner;

/// What the receiver was sent: its headers and body.
type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver on this machine that answers 500 to its first `failures` requests, then 200.
async fn receiver(failures: usize) -> (SocketAddr, Received) {
    let received: Received = Arc::default();
    let kept = received.clone();
    let app = Router::new().route(
        "/hooks/banyan",
        post(move |headers: HeaderMap, body: String| async move {
            let mut kept = kept.lock().unwrap();
            kept.push((headers, body));
            if kept.len() <= failures {
                (StatusCode::INTERNAL_SERVER_ERROR, "try later")
            } else {
                (StatusCode::OK, "thanks")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, received)
}

/// A webhook of the owner's to `addr`, for new contacts: the owner, its id and its secret.
async fn subscribe(conn: &DatabaseConnection, addr: SocketAddr) -> (Actor, Uuid, String) {
    let owner = owner(conn).await;
    let form = WebhookForm {
        url: format!("http://{addr}/hooks/banyan"),
        description: String::new(),
        topics: vec!["contact.created".into()],
        allow_private: true,
    };
    let made = create(conn, &owner, &SecretKey::for_tests(), &form, Utc::now())
        .await
        .unwrap();
    (owner, made.webhook.id, made.secret)
}

/// A contact added, and the outbox worker run as the server runs it for webhooks.
async fn contact_added(conn: &DatabaseConnection, name: &str) {
    let event = Event::ContactCreated(ContactChange {
        id: Uuid::now_v7(),
        name: name.into(),
        version: 1,
        form: None,
    });
    outbox::enqueue(conn, &event).await.unwrap();
    let worker = Worker::new(conn.clone()).on("contact.created", Fanout::new(conn.clone()));
    assert_eq!(worker.run_once().await.unwrap(), 1);
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers[name].to_str().unwrap().to_owned()
}

async fn posts_signed_events_and_retries_a_failing_receiver_without_sending_twice(
    conn: &DatabaseConnection,
) {
    let (addr, received) = receiver(1).await;
    let (owner, hook, secret) = subscribe(conn, addr).await;
    contact_added(conn, "李娜").await;
    let sender = Sender::new(conn.clone(), SecretKey::for_tests());

    let now = Utc::now();
    assert_eq!(sender.run_once(now).await.unwrap(), 1);
    assert_eq!(received.lock().unwrap().len(), 1);
    let log = deliveries(conn, &owner, hook).await.unwrap();
    assert_eq!(log[0].status, DeliveryStatus::Pending);
    assert_eq!(log[0].response_status, Some(500));
    assert_eq!(log[0].response.as_deref(), Some("try later"));
    assert_eq!(
        sender.run_once(now).await.unwrap(),
        0,
        "not before its backoff"
    );

    // The pause runs from when the answer came, a moment after `now`.
    let later = now + service::retry_after(1).unwrap() + TimeDelta::seconds(1);
    assert_eq!(sender.run_once(later).await.unwrap(), 1);
    let log = deliveries(conn, &owner, hook).await.unwrap();
    assert_eq!(log[0].status, DeliveryStatus::Delivered);
    assert_eq!((log[0].attempts, log[0].response_status), (2, Some(200)));
    let much_later = later + TimeDelta::days(1);
    assert_eq!(sender.run_once(much_later).await.unwrap(), 0);

    let received = received.lock().unwrap();
    assert_eq!(received.len(), 2, "sent again only after the failure");
    let (first, second) = (&received[0], &received[1]);
    assert_eq!(
        header(&first.0, "webhook-id"),
        header(&second.0, "webhook-id"),
        "a retry carries the same id, for the receiver to key on"
    );
    assert_eq!(first.1, second.1, "and the same body");
    for (headers, body) in received.iter() {
        assert_eq!(header(headers, "content-type"), "application/json");
        let id = header(headers, "webhook-id");
        let timestamp: i64 = header(headers, "webhook-timestamp").parse().unwrap();
        let expected = signature::sign(&secret, &id, timestamp, body.as_bytes()).unwrap();
        assert_eq!(header(headers, "webhook-signature"), expected);
        let wrong = signature::sign(&secret, &id, timestamp + 1, body.as_bytes()).unwrap();
        assert_ne!(header(headers, "webhook-signature"), wrong);
    }
    let body: Value = serde_json::from_str(&first.1).unwrap();
    assert_eq!(body["type"], "contact.created");
    assert_eq!(body["data"]["name"], "李娜");
}
app::db_test!(posts_signed_events_and_retries_a_failing_receiver_without_sending_twice);

async fn a_receiver_inside_the_network_is_not_called_unless_allowed(conn: &DatabaseConnection) {
    let (addr, received) = receiver(0).await;
    let (owner, hook, _) = subscribe(conn, addr).await;
    // The owner took the permission back after the event was queued.
    webhook::ActiveModel {
        id: Set(hook),
        allow_private: Set(false),
        ..Default::default()
    }
    .update(conn)
    .await
    .unwrap();
    contact_added(conn, "Chen Jie").await;
    let sender = Sender::new(conn.clone(), SecretKey::for_tests());
    assert_eq!(sender.run_once(Utc::now()).await.unwrap(), 1);
    assert!(received.lock().unwrap().is_empty());
    let log = deliveries(conn, &owner, hook).await.unwrap();
    assert_eq!(log[0].status, DeliveryStatus::Pending);
    assert_eq!(log[0].response_status, None);
    let why = log[0].response.as_deref().unwrap();
    assert!(why.contains("refused: 127.0.0.1"), "{why}");
}
app::db_test!(a_receiver_inside_the_network_is_not_called_unless_allowed);

async fn a_secret_the_key_cannot_open_fails_in_words_and_sends_nothing(conn: &DatabaseConnection) {
    let (addr, received) = receiver(0).await;
    let (owner, hook, _) = subscribe(conn, addr).await;
    contact_added(conn, "Zhou Min").await;
    // The server started with another key file, without the old key kept as retired.
    let other = SecretKey::new("another key, for another workspace entirely").unwrap();
    let sender = Sender::new(conn.clone(), other);
    assert_eq!(sender.run_once(Utc::now()).await.unwrap(), 1);
    assert!(received.lock().unwrap().is_empty());
    let log = deliveries(conn, &owner, hook).await.unwrap();
    assert!(
        log[0]
            .response
            .as_deref()
            .unwrap()
            .contains("does not open")
    );
}
app::db_test!(a_secret_the_key_cannot_open_fails_in_words_and_sends_nothing);
