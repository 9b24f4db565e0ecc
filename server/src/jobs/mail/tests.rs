use std::sync::Arc;

use app::core::events;
use app::core::outbox::{self, Backlog};
use app::tickets::service as tickets;
use app::tickets::types::{NewTicket, ReplyForm};
use chrono::{TimeDelta, Utc};
use mail_parser::MessageParser;

use super::*;
use crate::jobs::Worker;
use crate::testing::desk::{customer, mailer, owner};
use crate::testing::smtp_server::{SmtpServer, free_port};

/// The events due by then, as a worker would claim them.
async fn due_later(conn: &DatabaseConnection) -> Vec<Stored> {
    outbox::claim_due(conn, Utc::now() + TimeDelta::days(1), 50, TimeDelta::zero())
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.topic.starts_with(events::MAIL_TOPICS))
        .collect()
}

async fn a_reply_waits_while_the_mail_server_is_down_then_goes_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = customer(conn, &owner, "张伟", "zhang.wei@example.cn").await;
    let ticket = tickets::create(
        conn,
        &owner,
        &NewTicket {
            contact_id: Some(zhang.id),
            subject: "发票抬头".into(),
            body: "发票抬头写错了".into(),
            ..NewTicket::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let form = ReplyForm {
        body: "已重新开具，请查收。".into(),
        status: "solved".into(),
        ..ReplyForm::default()
    };
    tickets::reply(conn, &owner, ticket.id, ticket.version, &form, Utc::now())
        .await
        .unwrap();

    // Nothing listens on the port: both mails fail and wait for their retry.
    let port = free_port();
    let mailer = Arc::new(mailer(conn, port));
    let worker = Worker::new(conn.clone()).on(app::core::events::MAIL_TOPICS, mailer.clone());
    worker.run_once().await.unwrap();
    let backlog = outbox::backlog(conn).await.unwrap();
    assert_eq!(backlog.dead, 0);
    let waiting = due_later(conn).await;
    assert_eq!(
        waiting.len(),
        2,
        "the reply and the survey wait: {backlog:?}"
    );
    assert!(waiting.iter().all(|e| e.attempts == 1));
    let thread = tickets::thread(conn, &owner, ticket.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(thread.messages[1].sent_at, None);

    // The server is up: each mail goes once, however often its event is handled again (as
    // after a crash between the send and the outbox's record of it).
    let server = SmtpServer::start(port);
    for event in &waiting {
        mailer.handle(event).await.unwrap();
        mailer.handle(event).await.unwrap();
        outbox::mark_delivered(conn, event.id, Utc::now())
            .await
            .unwrap();
    }
    assert_eq!(
        outbox::backlog(conn).await.unwrap(),
        Backlog {
            pending: 0,
            dead: 0
        }
    );
    let received = server.messages();
    assert_eq!(received.len(), 2, "one reply, one survey");
    let parser = MessageParser::default();
    let mails: Vec<_> = received
        .iter()
        .map(|raw| parser.parse(raw).unwrap())
        .collect();
    let reply = mails
        .iter()
        .find(|m| m.subject().is_some_and(|s| s.starts_with("Re:")))
        .expect("the reply arrived");
    let message = thread.messages[1].id;
    assert_eq!(reply.subject(), Some("Re: [#1001] 发票抬头"));
    assert_eq!(
        reply.message_id(),
        Some(format!("{message}@desk.acme.cn").as_str())
    );
    let to = reply.to().and_then(|t| t.first()).unwrap();
    assert_eq!(to.address(), Some("zhang.wei@example.cn"));
    assert_eq!(to.name(), Some("张伟"));
    let from = reply.from().and_then(|f| f.first()).unwrap();
    assert_eq!(from.address(), Some("help@desk.acme.cn"));
    assert_eq!(from.name(), Some("Wang Fang (Acme Trading)"));
    let text = reply.body_text(0).unwrap();
    assert!(text.starts_with("已重新开具，请查收。"), "{text}");

    let survey = mails
        .iter()
        .find(|m| m.subject().is_some_and(|s| s.starts_with("How did we do?")))
        .expect("the survey arrived");
    let text = survey.body_text(0).unwrap();
    let link = text
        .lines()
        .find(|l| l.starts_with("https://crm.acme.cn/rate?t="))
        .expect("the survey holds the rating link");
    let token = link.split("t=").nth(1).unwrap();
    let rating = app::tickets::satisfaction::service::survey(
        conn,
        &SecretKey::for_tests(),
        token,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(rating.number, 1001);

    let thread = tickets::thread(conn, &owner, ticket.id, Utc::now())
        .await
        .unwrap();
    assert!(
        thread.messages[1].sent_at.is_some(),
        "the reply is marked sent"
    );
}
app::db_test!(a_reply_waits_while_the_mail_server_is_down_then_goes_once);

#[tokio::test]
async fn without_a_mail_server_mail_waits_and_says_why() {
    let db = app::testing::TestDb::sqlite().await;
    let conn = db.conn.clone();
    let config = MailConfig {
        smtp_url: None,
        from: "help@desk.acme.cn".parse().unwrap(),
        inbound_secret: None,
    };
    let mailer = Mailer::new(
        conn.clone(),
        Store::temporary(),
        SecretKey::for_tests(),
        String::new(),
        &config,
    )
    .unwrap();
    let mail = Mail {
        to_name: "张伟".into(),
        to_email: "zhang.wei@example.cn".into(),
        from_name: "Acme".into(),
        subject: "hello".into(),
        text: "hello".into(),
        message_id: "1@desk.acme.cn".into(),
        in_reply_to: None,
        references: Vec::new(),
        html: None,
        list_unsubscribe: None,
        files: Vec::new(),
    };
    let err = mailer.send(&mail).await.unwrap_err().why;
    assert!(err.contains("BANYAN_SMTP_URL"), "{err}");
    db.remove().await;
}

#[test]
fn a_mail_carries_the_headers_that_thread_it() {
    let mail = Mail {
        to_name: "Emily Chen".into(),
        to_email: "emily@example.com".into(),
        from_name: "Li Na (Acme)".into(),
        subject: "Re: [#1042] Broken hinge".into(),
        text: "We are sending a new one.".into(),
        message_id: "b@desk.acme.cn".into(),
        in_reply_to: Some("a2@mail.example.com".into()),
        references: vec!["a1@mail.example.com".into(), "a2@mail.example.com".into()],
        html: None,
        list_unsubscribe: None,
        files: Vec::new(),
    };
    let from: Mailbox = "help@desk.acme.cn".parse().unwrap();
    let raw = build(&from, &mail, &[]).unwrap().formatted();
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(parsed.message_id(), Some("b@desk.acme.cn"));
    assert_eq!(parsed.in_reply_to().as_text(), Some("a2@mail.example.com"));
    let references: Vec<&str> = parsed
        .references()
        .as_text_list()
        .unwrap()
        .iter()
        .map(|r| r.as_ref())
        .collect();
    assert_eq!(references, ["a1@mail.example.com", "a2@mail.example.com"]);
    let bad = Mail {
        to_email: "no address".into(),
        ..mail
    };
    assert!(build(&from, &bad, &[]).unwrap_err().contains("no address"));
}

#[test]
fn a_reply_carries_its_files_beside_the_text() {
    let mail = Mail {
        to_name: "Emily Chen".into(),
        to_email: "emily@example.com".into(),
        from_name: "Li Na (Acme)".into(),
        subject: "Re: [#1042] Invoice".into(),
        text: "The invoice is attached.".into(),
        message_id: "c@desk.acme.cn".into(),
        in_reply_to: None,
        references: Vec::new(),
        html: None,
        list_unsubscribe: None,
        files: vec![app::core::mail::MailFile {
            name: "发票.pdf".into(),
            content_type: "application/pdf".into(),
            key: "2026-12/any".into(),
        }],
    };
    let from: Mailbox = "help@desk.acme.cn".parse().unwrap();
    let raw = build(&from, &mail, &[b"%PDF-1.7\n".to_vec()])
        .unwrap()
        .formatted();
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        parsed.body_text(0).as_deref(),
        Some("The invoice is attached.")
    );
    assert_eq!(parsed.attachment_count(), 1);
    let file = parsed.attachment(0).unwrap();
    use mail_parser::MimeHeaders;
    assert_eq!(file.attachment_name(), Some("发票.pdf"));
    assert_eq!(file.contents(), b"%PDF-1.7\n");
    assert_eq!(
        file.content_type().map(|t| (t.ctype(), t.subtype())),
        Some(("application", Some("pdf")))
    );
}
