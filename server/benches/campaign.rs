//! A campaign's send time: N consenting contacts in a rule-based segment, one campaign sent
//! to them at the highest throttle, timed from scheduling until the worker has handed every
//! message to a real SMTP server on loopback (Python's aiosmtpd). Then the tracker under
//! load: every reader's image and link, as the messages received carry them, fetched over
//! keep-alive connections on loopback, by one connection and by sixteen. Prints figures;
//! checks only that every recipient got one message and that every open and click counted.
//!
//! `cargo bench -p server --bench campaign` (`BENCH_RECIPIENTS`, default 10,000; SQLite).

mod load;
mod shared;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use app::campaigns::campaign::service::{self as campaigns, tracking};
use app::campaigns::campaign::types::{CampaignForm, Command, PER_MINUTE, Status};
use app::core::actor::Actor;
use app::core::signing::SecretKey;
use app::customers::types::ContactForm;
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use server::jobs::outbox_worker;
use server::testing::smtp_server::{SmtpServer, free_port};
use uuid::Uuid;

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_RECIPIENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let (db, owner) = shared::workspace().await;
    let conn = db.conn.clone();

    let made = Instant::now();
    for i in 0..count {
        let form = ContactForm {
            name: format!("客户{i}"),
            email: format!("customer{i}@example.com"),
            tags: "news".into(),
            marketing_consent: Some("on".into()),
            source: "web".into(),
            lifecycle: "customer".into(),
            ..ContactForm::default()
        };
        app::customers::service::create(&conn, &owner, &form)
            .await
            .expect("a contact");
    }
    let segment = app::testing::tagged_segment(&conn, &owner, "Newsletter", "news").await;
    println!(
        "{count} contacts and their segment made in {:.1} s",
        made.elapsed().as_secs_f64()
    );

    let form = CampaignForm {
        name: "Bench".into(),
        segment_id: segment.to_string(),
        subject: "{{first_name}}，春季新品上市".into(),
        text: "{{name}} 您好，春季新品已经上市。".into(),
        html: "<p>{{name}} 您好，<b>春季新品</b>已经上市：\
               <a href=\"https://shop.example.cn/spring\">去看看</a></p>"
            .into(),
        per_minute: PER_MINUTE.end().to_string(),
        ..CampaignForm::default()
    };
    let campaign = campaigns::save(&conn, &owner, &form, Utc::now())
        .await
        .expect("a campaign");

    let port = free_port();
    let smtp = SmtpServer::start(port);
    let mailer = shared::mailer(&conn, port, "Bench 营销 <news@bench.example>");
    let worker = outbox_worker(conn.clone(), mailer);

    let started = Instant::now();
    campaigns::change(
        &conn,
        &owner,
        campaign.id,
        campaign.version,
        Command::Schedule,
        "",
        Utc::now(),
    )
    .await
    .expect("scheduled");
    let mut frozen = None;
    loop {
        let handled = worker.run_once().await.expect("the outbox answers");
        let now = campaigns::get(&conn, &owner, campaign.id)
            .await
            .expect("the campaign");
        if frozen.is_none() && now.status == Status::Sending {
            frozen = Some(started.elapsed());
        }
        if now.status == Status::Sent {
            break;
        }
        if handled == 0 {
            // Throttled messages not yet due.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let sent = started.elapsed();
    let waited = Instant::now();
    while smtp.messages().len() < count && waited.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let received = smtp.messages();
    let recipients: HashSet<String> = received
        .iter()
        .filter_map(|raw| {
            let text = String::from_utf8_lossy(raw);
            text.lines()
                .find(|l| l.starts_with("To:"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(received.len(), count, "every recipient gets a message");
    assert_eq!(recipients.len(), count, "and only one");
    let frozen = frozen.unwrap_or(sent);
    println!(
        "audience of {count} frozen and queued in {:.2} s; all sent in {:.1} s: {:.0} mails/s",
        frozen.as_secs_f64(),
        sent.as_secs_f64(),
        count as f64 / sent.as_secs_f64()
    );

    track(&conn, &owner, campaign.id, &received).await;
    db.remove().await;
}

/// The path and query of each tracked address of `kind` in the messages' HTML.
fn tracked(received: &[Vec<u8>], path: &str) -> Vec<String> {
    received
        .iter()
        .filter_map(|raw| {
            let message = mail_parser::MessageParser::default().parse(raw)?;
            let html = message.body_html(0)?;
            let at = html.find(&format!("{path}?t="))?;
            let token: String = html[at..]
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | '<' | '>') && !c.is_whitespace())
                .collect();
            Some(token)
        })
        .collect()
}

#[derive(Clone)]
struct Tracker {
    conn: DatabaseConnection,
    key: SecretKey,
}

impl FromRef<Tracker> for DatabaseConnection {
    fn from_ref(tracker: &Tracker) -> Self {
        tracker.conn.clone()
    }
}

impl FromRef<Tracker> for SecretKey {
    fn from_ref(tracker: &Tracker) -> Self {
        tracker.key.clone()
    }
}

/// Every reader opens their message and clicks its link; the tracker's routes are served as
/// the server serves them (the gate lets `/mail/` through without a session or a query).
async fn track(conn: &DatabaseConnection, owner: &Actor, id: Uuid, received: &[Vec<u8>]) {
    let opens = tracked(received, tracking::OPEN_PATH);
    let clicks = tracked(received, tracking::CLICK_PATH);
    assert_eq!(
        (opens.len(), clicks.len()),
        (received.len(), received.len())
    );
    let routes = Router::new()
        .route(tracking::OPEN_PATH, get(server::api::tracking::open))
        .route(tracking::CLICK_PATH, get(server::api::tracking::click))
        .with_state(Tracker {
            conn: conn.clone(),
            // The key the bench's mailer signs with.
            key: SecretKey::for_tests(),
        });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("a port");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(async move { axum::serve(listener, routes).await });

    let few = opens.len().min(2_000);
    for (kind, paths, status) in [("open", &opens, 200), ("click", &clicks, 303)] {
        for (connections, paths) in [(1, &paths[..few]), (16, &paths[..])] {
            let timings = load::run(port, paths, connections).await;
            assert!(timings.statuses.iter().all(|s| *s == status), "{kind}");
            println!(
                "{kind}: {} requests over {connections} connection(s): {}",
                paths.len(),
                timings.summary()
            );
        }
    }
    let report = campaigns::report::report(conn, owner, id, 30)
        .await
        .expect("the report");
    assert_eq!(
        (report.opened as usize, report.clicked as usize),
        (received.len(), received.len()),
        "every opening and click counted"
    );
}
