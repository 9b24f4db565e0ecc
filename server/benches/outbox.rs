//! The outbox's mail throughput: queues public replies to N customers through the services,
//! as agents would, then times the worker delivering them to a real SMTP server on loopback
//! (Python's aiosmtpd). Prints figures; checks only that every mail arrived, once.
//!
//! `cargo bench -p server --bench outbox` (`BENCH_MAILS`, default 1,000; SQLite).

mod shared;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::customers::types::ContactForm;
use app::tickets::types::{NewTicket, ReplyForm};
use server::jobs::Worker;
use server::testing::smtp_server::{SmtpServer, free_port};

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_MAILS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let (db, owner) = shared::workspace().await;
    let conn = db.conn.clone();

    let queued = Instant::now();
    for i in 0..count {
        let customer = ContactForm {
            name: format!("客户{i}"),
            email: format!("customer{i}@example.com"),
            source: "email".into(),
            lifecycle: "customer".into(),
            ..ContactForm::default()
        };
        let customer = app::customers::service::create(&conn, &owner, &customer)
            .await
            .expect("a customer");
        let asked = NewTicket {
            contact_id: Some(customer.id),
            subject: format!("订单 {i} 什么时候发货"),
            body: "请问什么时候发货？".into(),
            ..NewTicket::default()
        };
        let ticket = app::tickets::service::create(&conn, &owner, &asked, chrono::Utc::now())
            .await
            .expect("a ticket");
        let answer = ReplyForm {
            body: "您的订单今天下午发出。".into(),
            ..ReplyForm::default()
        };
        app::tickets::service::reply(&conn, &owner, ticket.id, 1, &answer, chrono::Utc::now())
            .await
            .expect("a reply");
    }
    println!(
        "{count} replies queued through the services in {:.1} s",
        queued.elapsed().as_secs_f64()
    );

    let port = free_port();
    let smtp = SmtpServer::start(port);
    let mailer = shared::mailer(&conn, port, "Bench 客服 <help@bench.example>");
    let worker = Worker::new(conn.clone()).on(app::core::events::MAIL_TOPICS, Arc::new(mailer));
    let started = Instant::now();
    while worker.run_once().await.expect("the outbox answers") > 0 {}
    let sent = started.elapsed();
    // The server has taken every mail; wait for its last files to be written.
    let waited = Instant::now();
    while smtp.messages().len() < count && waited.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let received = smtp.messages().len();
    assert_eq!(received, count, "every reply arrives once");
    println!(
        "{count} mails delivered to the local SMTP server in {:.2} s: {:.0} mails/s",
        sent.as_secs_f64(),
        count as f64 / sent.as_secs_f64()
    );
    db.remove().await;
}
