//! The outbox's mail throughput: queues public replies to N customers through the services,
//! as agents would, then times the worker delivering them to a real SMTP server on loopback
//! (Python's aiosmtpd). Prints figures; checks only that every mail arrived, once.
//!
//! `cargo bench -p server --bench outbox` (`BENCH_MAILS`, default 1,000; SQLite).

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::auth::types::SetupForm;
use app::customers::types::ContactForm;
use app::files::Store;
use app::signing::SecretKey;
use app::tickets::types::{NewTicket, ReplyForm};
use server::config::MailConfig;
use server::jobs::{Mailer, Worker};
use server::smtp_test_server::{SmtpServer, free_port};

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_MAILS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let conn = app::db::testing::sqlite().await;
    let owner = app::db::testing::owner_of(
        &conn,
        SetupForm {
            company_name: "Bench Trading".into(),
            country: "CN".into(),
            time_zone: "Asia/Shanghai".into(),
            base_currency: "CNY".into(),
            default_locale: "zh-CN".into(),
            name: "王芳".into(),
            email: "owner@bench.example".into(),
            password: "correct horse".into(),
        },
    )
    .await;

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
    let config = MailConfig {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        from: "Bench 客服 <help@bench.example>"
            .parse()
            .expect("an address"),
        inbound_secret: None,
    };
    let mailer = Mailer::new(
        conn.clone(),
        Store::temporary(),
        SecretKey::for_tests(),
        "http://127.0.0.1".into(),
        &config,
    )
    .expect("a mailer");
    let worker = Worker::new(conn.clone()).on("email.", Arc::new(mailer));
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
}
