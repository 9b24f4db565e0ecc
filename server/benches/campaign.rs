//! A campaign's send time: N consenting contacts in a rule-based segment, one campaign sent
//! to them at the highest throttle, timed from scheduling until the worker has handed every
//! message to a real SMTP server on loopback (Python's aiosmtpd). Prints figures; checks only
//! that every recipient got one message.
//!
//! `cargo bench -p server --bench campaign` (`BENCH_RECIPIENTS`, default 10,000; SQLite).

mod shared;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use app::campaigns::campaign::service as campaigns;
use app::campaigns::campaign::types::{CampaignForm, Command, PER_MINUTE, Status};
use app::customers::types::ContactForm;
use chrono::Utc;
use server::jobs::outbox_worker;
use server::smtp_test_server::{SmtpServer, free_port};

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_RECIPIENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let (conn, owner) = shared::workspace().await;

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
    let segment = app::db::testing::tagged_segment(&conn, &owner, "Newsletter", "news").await;
    println!(
        "{count} contacts and their segment made in {:.1} s",
        made.elapsed().as_secs_f64()
    );

    let form = CampaignForm {
        name: "Bench".into(),
        segment_id: segment.to_string(),
        subject: "{{first_name}}，春季新品上市".into(),
        text: "{{name}} 您好，春季新品已经上市。".into(),
        html: "<p>{{name}} 您好，<b>春季新品</b>已经上市。</p>".into(),
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
}
