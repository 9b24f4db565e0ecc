//! Webhook deliveries per second to a receiver on loopback: queues N new contacts' events,
//! hands them to the fan-out as the outbox worker does, then times the sender posting them,
//! signed, to a small HTTP server. Prints figures; checks only that every event arrived, once.
//!
//! `cargo bench -p server --features testing --bench webhooks` (`BENCH_EVENTS`, default
//! 2,000; SQLite).

// The workspace, without the mail benchmarks' mailer.
#[expect(dead_code)]
mod shared;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use app::core::events::{ContactChange, Event};
use app::core::outbox;
use app::core::signing::SecretKey;
use app::webhooks::types::WebhookForm;
use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use chrono::Utc;
use server::jobs::Worker;
use server::jobs::webhooks::{Fanout, Sender};
use uuid::Uuid;

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let (db, owner) = shared::workspace().await;
    let conn = db.conn.clone();

    // The receiver keeps each `webhook-id` it is sent.
    let ids: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = ids.clone();
    let receiver = Router::new().route(
        "/in",
        post(move |headers: HeaderMap| async move {
            let id = headers["webhook-id"]
                .to_str()
                .unwrap_or_default()
                .to_owned();
            kept.lock().expect("the ids").push(id);
            "ok"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    let key = SecretKey::for_tests();
    let form = WebhookForm {
        url: format!("http://{addr}/in"),
        description: "bench".into(),
        topics: vec!["contact.created".into()],
        allow_private: true,
    };
    app::webhooks::service::create(&conn, &owner, &key, &form, Utc::now())
        .await
        .expect("a webhook");
    for i in 0..count {
        let event = Event::ContactCreated(ContactChange {
            id: Uuid::now_v7(),
            name: format!("客户{i}"),
            version: 1,
            form: None,
        });
        outbox::enqueue(&conn, &event).await.expect("queued");
    }

    let worker = Worker::new(conn.clone()).on("contact.created", Fanout::new(conn.clone()));
    let fanned = Instant::now();
    while worker.run_once().await.expect("the outbox answers") > 0 {}
    println!(
        "{count} events handed to the webhook's fan-out in {:.2} s: {:.0} events/s",
        fanned.elapsed().as_secs_f64(),
        count as f64 / fanned.elapsed().as_secs_f64()
    );

    let sender = Sender::new(conn.clone(), key);
    let started = Instant::now();
    while sender.run_once(Utc::now()).await.expect("the deliveries") > 0 {}
    let sent = started.elapsed();
    let ids = std::mem::take(&mut *ids.lock().expect("the ids"));
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(
        (ids.len(), distinct.len()),
        (count, count),
        "each event once"
    );
    println!(
        "{count} webhook deliveries posted, signed, to a receiver on loopback in {:.2} s: {:.0} deliveries/s",
        sent.as_secs_f64(),
        count as f64 / sent.as_secs_f64()
    );
    db.remove().await;
}
