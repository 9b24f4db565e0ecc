//! A campaign sent for real: scheduled, started by the worker, and mailed to a local SMTP
//! server, which must hold exactly one personalized message per recipient.

use std::time::Duration;

use app::campaigns::campaign::service as campaigns;
use app::campaigns::campaign::types::{CampaignForm, Command, Status};
use app::customers::types::ContactForm;
use chrono::Utc;
use mail_parser::MessageParser;
use sea_orm::DatabaseConnection;

use crate::jobs::outbox_worker;
use crate::testing::desk::{mailer, owner};
use crate::testing::smtp_server::{SmtpServer, free_port};

async fn every_recipient_gets_one_personalized_message(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let people = [
        ("Emily Chen", "Emily", "emily@example.com"),
        ("张伟", "", "zhang.wei@example.cn"),
        ("李娜", "娜", "li.na@example.cn"),
    ];
    for (name, given, email) in people {
        let form = ContactForm {
            name: name.into(),
            given_name: given.into(),
            email: email.into(),
            tags: "news".into(),
            marketing_consent: Some("on".into()),
            source: "email".into(),
            lifecycle: "customer".into(),
            ..ContactForm::default()
        };
        app::customers::service::create(conn, &owner, &form)
            .await
            .unwrap();
    }
    let segment = app::testing::tagged_segment(conn, &owner, "Newsletter", "news").await;
    let form = CampaignForm {
        name: "Spring".into(),
        segment_id: segment.to_string(),
        subject: "Hello {{first_name}}".into(),
        text: "Dear {{name}}, spring prices inside.".into(),
        html: "<p>Dear <b>{{name}}</b></p>".into(),
        per_minute: "6000".into(),
        ..CampaignForm::default()
    };
    let campaign = campaigns::save(conn, &owner, &form, Utc::now())
        .await
        .unwrap();
    let contact = campaigns::sample(conn, &owner, campaign.id).await.unwrap()[0].0;
    campaigns::test_send(conn, &owner, campaign.id, Some(contact))
        .await
        .unwrap();
    campaigns::change(
        conn,
        &owner,
        campaign.id,
        campaign.version,
        Command::Schedule,
        "",
        Utc::now(),
    )
    .await
    .unwrap();

    let port = free_port();
    let server = SmtpServer::start(port);
    let worker = outbox_worker(conn.clone(), mailer(conn, port));
    for _ in 0..100 {
        worker.run_once().await.unwrap();
        let now = campaigns::get(conn, &owner, campaign.id).await.unwrap();
        if now.status == Status::Sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sent = campaigns::get(conn, &owner, campaign.id).await.unwrap();
    assert_eq!(sent.status, Status::Sent);
    assert_eq!(sent.counts.sent, 3);

    let parser = MessageParser::default();
    let received = server.messages();
    let mails: Vec<_> = received
        .iter()
        .map(|raw| parser.parse(raw).unwrap())
        .collect();
    assert_eq!(mails.len(), 4, "three recipients and one test");
    let test: Vec<_> = mails
        .iter()
        .filter(|m| m.subject().is_some_and(|s| s.starts_with("[Test]")))
        .collect();
    assert_eq!(test.len(), 1);
    assert_eq!(
        test[0]
            .to()
            .and_then(|t| t.first())
            .and_then(|a| a.address()),
        Some("owner@acme.cn")
    );
    for (name, given, email) in people {
        let to_them: Vec<_> = mails
            .iter()
            .filter(|m| m.to().and_then(|t| t.first()).and_then(|a| a.address()) == Some(email))
            .collect();
        assert_eq!(to_them.len(), 1, "one message for {email}");
        let mail = to_them[0];
        let first = if given.is_empty() { name } else { given };
        assert_eq!(mail.subject(), Some(format!("Hello {first}").as_str()));
        let text = mail.body_text(0).unwrap();
        assert!(
            text.starts_with(&format!("Dear {name}, spring prices inside.")),
            "{text}"
        );
        let html = mail.body_html(0).unwrap();
        assert!(html.contains(&format!("<b>{name}</b>")), "{html}");
        let header = |name: &str| mail.header_raw(name).unwrap_or_default().trim().to_owned();
        let list = header("List-Unsubscribe");
        assert!(
            list.starts_with("<https://crm.acme.cn/mail/unsubscribe?t="),
            "{list}"
        );
        assert_eq!(
            header("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click"
        );
        assert!(
            text.contains("https://crm.acme.cn/unsubscribe?t="),
            "{text}"
        );
    }
}
app::db_test!(every_recipient_gets_one_personalized_message);
