//! Service tests of the desk's email, each on SQLite and on PostgreSQL: mail that comes in is
//! threaded or opens tickets, replies and surveys go out once, and ratings come back.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::entity::ticket;
use super::satisfaction::service as satisfaction;
use super::satisfaction::types::RatingForm;
use super::service::mail;
use super::service::{self, IncomingMail, Received};
use super::types::{Channel, MessageKind, NewTicket, ReplyForm, Status, Ticket, TicketPatch};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::core::code::TextCode;
use crate::core::events::{Event, Record};
use crate::core::files::Store;
use crate::core::outbox;
use crate::core::signing::SecretKey;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::{Contact, ContactForm};
use crate::db_test;
use crate::error::{AppError, Invalid};

const DOMAIN: &str = "desk.example.cn";
const URL: &str = "https://crm.example.cn";

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

async fn customer(conn: &DatabaseConnection, owner: &Actor, name: &str, email: &str) -> Contact {
    let form = ContactForm {
        email: email.into(),
        ..form(name)
    };
    crate::customers::service::create(conn, owner, &form)
        .await
        .unwrap()
}

fn incoming(from: &str, subject: &str, text: &str) -> IncomingMail {
    IncomingMail {
        message_id: Some(format!("{}@mail.example.com", uuid::Uuid::now_v7())),
        from_email: from.into(),
        from_name: None,
        subject: subject.into(),
        text: text.into(),
        ..IncomingMail::default()
    }
}

fn ticket_of(received: Received) -> Ticket {
    match received {
        Received::Opened(t) | Received::Threaded(t) | Received::Again(t) => t,
    }
}

fn reply(body: &str, status: &str) -> ReplyForm {
    ReplyForm {
        body: body.into(),
        note: false,
        status: status.into(),
        ..ReplyForm::default()
    }
}

/// The events waiting in the outbox, oldest first.
async fn queued(conn: &DatabaseConnection) -> Vec<Event> {
    outbox::claim_due(conn, Utc::now() + Duration::days(1), 100, Duration::zero())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event().unwrap())
        .collect()
}

/// The replies waiting to be mailed: their messages.
async fn queued_replies(conn: &DatabaseConnection) -> Vec<Record> {
    let replies = queued(conn).await.into_iter();
    replies
        .filter_map(|e| match e {
            Event::TicketReplyMail(message) => Some(message),
            _ => None,
        })
        .collect()
}

/// The surveys waiting to be mailed: their tickets.
async fn queued_surveys(conn: &DatabaseConnection) -> Vec<Record> {
    let surveys = queued(conn).await.into_iter();
    surveys
        .filter_map(|e| match e {
            Event::TicketSurveyMail(ticket) => Some(ticket),
            _ => None,
        })
        .collect()
}

async fn mail_opens_a_ticket_and_answers_thread_onto_it(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let now = now();

    // A stranger writes: a new contact, and a new ticket by email.
    let mut first = incoming("Li.Na@Example.com", "打印机卡纸", "打印机又卡纸了。");
    first.from_name = Some("李娜".into());
    let opened = service::receive(conn, &Store::temporary(), &first, now)
        .await
        .unwrap();
    let Received::Opened(ticket) = opened else {
        panic!("a new mail opens a ticket: {opened:?}")
    };
    assert_eq!(ticket.channel, Channel::Email);
    assert_eq!(ticket.status, Status::New);
    assert_eq!(ticket.contact_name, "李娜");
    assert_eq!(ticket.contact_email.as_deref(), Some("li.na@example.com"));
    assert_eq!(ticket.subject, "打印机卡纸");

    // The same message posted again by the forwarder changes nothing.
    let again = service::receive(conn, &Store::temporary(), &first, now)
        .await
        .unwrap();
    assert!(matches!(again, Received::Again(ref t) if t.id == ticket.id));

    // The agent answers and waits on the customer; the reply is queued for mailing once.
    let thread = service::reply(
        conn,
        &agent,
        ticket.id,
        ticket.version,
        &reply("请把纸盒取出来看看。", "pending"),
        now,
    )
    .await
    .unwrap();
    let replies = queued_replies(conn).await;
    assert_eq!(replies.len(), 1);
    let ours = mail::reply(conn, replies[0].id, DOMAIN)
        .await
        .unwrap()
        .expect("a reply to someone with an address is mailed");
    assert_eq!(ours.to_email, "li.na@example.com");
    assert_eq!(ours.subject, format!("Re: [#{}] 打印机卡纸", ticket.number));
    assert_eq!(ours.from_name, "agent@example.cn (榕树贸易)");
    assert!(ours.text.starts_with("请把纸盒取出来看看。\n\n-- \n"));
    assert_eq!(ours.in_reply_to, first.message_id);
    assert_eq!(ours.references, vec![first.message_id.clone().unwrap()]);
    assert_eq!(ours.message_id, format!("{}@{DOMAIN}", replies[0].id));
    mail::reply_sent(conn, replies[0].id, &ours.message_id, now)
        .await
        .unwrap();
    assert_eq!(
        mail::reply(conn, replies[0].id, DOMAIN).await.unwrap(),
        None,
        "a reply the mail server took is never made again"
    );
    let shown = service::thread(conn, &agent, ticket.id, now).await.unwrap();
    assert_eq!(shown.messages[1].sent_at, Some(now));
    assert_eq!(thread.ticket.status, Status::Pending);

    // The customer answers our mail: threaded by its headers, and the ticket is open again.
    let mut answer = incoming(
        "li.na@example.com",
        "Re: something else",
        "取出来了，好了！",
    );
    answer.answers = vec![ours.message_id.clone()];
    let later = now + Duration::hours(1);
    let threaded = service::receive(conn, &Store::temporary(), &answer, later)
        .await
        .unwrap();
    let Received::Threaded(threaded) = threaded else {
        panic!("an answer joins its ticket: {threaded:?}")
    };
    assert_eq!(threaded.id, ticket.id);
    assert_eq!(threaded.status, Status::Open);
    let shown = service::thread(conn, &agent, ticket.id, later)
        .await
        .unwrap();
    let kinds: Vec<MessageKind> = shown.messages.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MessageKind::Incoming,
            MessageKind::Reply,
            MessageKind::Incoming
        ]
    );
    assert_eq!(shown.messages[2].body, "取出来了，好了！");
    assert_eq!(shown.messages[2].author, "李娜");

    // A colleague of hers in the same mail thread answers too: their address says who wrote.
    let mut colleague = incoming(
        "wang.qiang@example.com",
        "Re: 打印机卡纸",
        "我们这边也看一下。",
    );
    colleague.answers = vec![ours.message_id.clone()];
    service::receive(conn, &Store::temporary(), &colleague, later)
        .await
        .unwrap();
    let shown = service::thread(conn, &agent, ticket.id, later)
        .await
        .unwrap();
    assert_eq!(shown.messages[3].author, "wang.qiang@example.com");

    // A mail naming the ticket in its subject threads only when its requester sent it.
    let by_subject = incoming(
        "li.na@example.com",
        &format!("Re: [#{}] 打印机卡纸", ticket.number),
        "还有一个问题",
    );
    let threaded = ticket_of(
        service::receive(conn, &Store::temporary(), &by_subject, later)
            .await
            .unwrap(),
    );
    assert_eq!(threaded.id, ticket.id);
    let stranger = incoming(
        "someone@else.com",
        &format!("[#{}] 打印机卡纸", ticket.number),
        "我也卡纸",
    );
    let other = service::receive(conn, &Store::temporary(), &stranger, later)
        .await
        .unwrap();
    assert!(
        matches!(other, Received::Opened(ref t) if t.id != ticket.id),
        "a stranger's mail opens a ticket of its own: {other:?}"
    );

    // A closed ticket is done: an answer to it starts a new one for the same customer.
    let solved = service::update(
        conn,
        &agent,
        ticket.id,
        threaded.version,
        &TicketPatch {
            status: "closed".into(),
            priority: "normal".into(),
            ..TicketPatch::default()
        },
        later,
    )
    .await;
    assert!(
        solved.is_err(),
        "open cannot become closed without being solved"
    );
    let solved = patch_status(conn, &agent, &threaded, "solved", later).await;
    let closed = patch_status(conn, &agent, &solved, "closed", later).await;
    let mut late = incoming("li.na@example.com", "Re: 打印机卡纸", "又卡了");
    late.answers = vec![ours.message_id.clone()];
    let reopened = service::receive(conn, &Store::temporary(), &late, later)
        .await
        .unwrap();
    let Received::Opened(follow_up) = reopened else {
        panic!("an answer to a closed ticket opens a new one: {reopened:?}")
    };
    assert_ne!(follow_up.id, closed.id);
    assert_eq!(follow_up.contact_id, ticket.contact_id);
}
db_test!(mail_opens_a_ticket_and_answers_thread_onto_it);

async fn patch_status(
    conn: &DatabaseConnection,
    agent: &Actor,
    ticket: &Ticket,
    status: &str,
    at: DateTime<Utc>,
) -> Ticket {
    service::update(
        conn,
        agent,
        ticket.id,
        ticket.version,
        &TicketPatch {
            status: status.into(),
            priority: ticket.priority.as_str().into(),
            ..TicketPatch::default()
        },
        at,
    )
    .await
    .unwrap()
}

async fn mail_without_a_sender_is_refused_and_a_known_sender_keeps_their_contact(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let known = customer(conn, &owner, "张伟", "zhang.wei@example.cn").await;
    let refused = service::receive(
        conn,
        &Store::temporary(),
        &incoming("not an address", "hi", "hello"),
        now(),
    )
    .await;
    assert_eq!(
        refused.unwrap_err(),
        AppError::invalid("from", Invalid::Email)
    );
    let opened = service::receive(
        conn,
        &Store::temporary(),
        &incoming("ZHANG.WEI@example.cn", "", ""),
        now(),
    )
    .await
    .unwrap();
    let ticket = ticket_of(opened);
    assert_eq!(
        ticket.contact_id, known.id,
        "found by address, whatever its case"
    );
    assert_eq!(ticket.subject, "（无主题）", "in the workspace's language");
    let thread = service::thread(conn, &owner, ticket.id, now())
        .await
        .unwrap();
    assert_eq!(thread.messages[0].body, "（无主题）");
}
db_test!(mail_without_a_sender_is_refused_and_a_known_sender_keeps_their_contact);

async fn solving_mails_a_survey_whose_link_rates_the_ticket(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let key = SecretKey::for_tests();
    let zhang = customer(conn, &owner, "张伟", "zhang.wei@example.cn").await;
    let now = now();
    let ticket = service::create(
        conn,
        &agent,
        &NewTicket {
            contact_id: Some(zhang.id),
            subject: "发票抬头".into(),
            body: "发票抬头写错了".into(),
            ..NewTicket::default()
        },
        now,
    )
    .await
    .unwrap();
    assert!(queued_surveys(conn).await.is_empty());
    let thread = service::reply(
        conn,
        &agent,
        ticket.id,
        ticket.version,
        &reply("已重新开具。", "solved"),
        now,
    )
    .await
    .unwrap();
    let surveys = queued_surveys(conn).await;
    assert_eq!(surveys, vec![Record { id: ticket.id }]);
    let survey = mail::survey(conn, &key, URL, ticket.id, DOMAIN, now)
        .await
        .unwrap()
        .expect("a solved ticket's requester is asked");
    assert_eq!(survey.to_email, "zhang.wei@example.cn");
    assert_eq!(
        survey.subject,
        format!("我们的服务怎么样？ [#{}] 发票抬头", ticket.number)
    );
    let link = survey
        .text
        .lines()
        .find(|l| l.starts_with(URL))
        .expect("the mail holds the link")
        .to_owned();
    assert!(survey.text.starts_with("张伟，您好"));
    mail::survey_sent(conn, ticket.id, now).await.unwrap();
    assert_eq!(
        mail::survey(conn, &key, URL, ticket.id, DOMAIN, now)
            .await
            .unwrap(),
        None,
        "sent once for this solving"
    );

    // The customer opens the link and rates; the agent's page is not made stale by it.
    let token = link.split("t=").nth(1).unwrap().to_owned();
    let shown = satisfaction::survey(conn, &key, &token, now).await.unwrap();
    assert_eq!((shown.number, shown.score), (ticket.number, None));
    assert_eq!(shown.company_name, "榕树贸易");
    let rate = |score: &str, comment: &str| RatingForm {
        token: token.clone(),
        score: score.into(),
        comment: comment.into(),
    };
    for bad in ["", "0", "6", "five"] {
        let refused = satisfaction::rate(conn, &key, &rate(bad, ""), now).await;
        assert!(
            matches!(refused, Err(AppError::Validation(ref f)) if f.contains_key("score")),
            "score {bad:?}: {refused:?}"
        );
    }
    let rated = satisfaction::rate(conn, &key, &rate("4", "  很快，谢谢  "), now)
        .await
        .unwrap();
    assert_eq!(rated.score, Some(4));
    assert_eq!(rated.comment.as_deref(), Some("很快，谢谢"));
    let rated = satisfaction::rate(conn, &key, &rate("5", ""), now)
        .await
        .unwrap();
    assert_eq!(
        (rated.score, rated.comment),
        (Some(5), None),
        "a second rating replaces the first"
    );
    let seen = service::thread(conn, &agent, ticket.id, now).await.unwrap();
    assert_eq!(seen.ticket.satisfaction, Some(5));
    assert_eq!(seen.ticket.version, thread.ticket.version);
    let stored = ticket::Entity::find_by_id(ticket.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.rated_at, Some(now));

    // A rated ticket solved again asks nothing more.
    let reopened = patch_status(conn, &agent, &seen.ticket, "open", now).await;
    patch_status(conn, &agent, &reopened, "solved", now).await;
    assert_eq!(
        queued_surveys(conn).await.len(),
        1,
        "only the first solving's"
    );
}
db_test!(solving_mails_a_survey_whose_link_rates_the_ticket);

async fn a_rating_link_opens_only_as_signed_and_in_time(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let key = SecretKey::for_tests();
    let zhang = customer(conn, &owner, "张伟", "zhang.wei@example.cn").await;
    let ticket = service::create(
        conn,
        &owner,
        &NewTicket {
            contact_id: Some(zhang.id),
            subject: "退货".into(),
            body: "想退货".into(),
            ..NewTicket::default()
        },
        now(),
    )
    .await
    .unwrap();
    let link = satisfaction::link(&key, URL, ticket.id, now());
    let token = link.split("t=").nth(1).unwrap();
    let bad = AppError::invalid("token", Invalid::Link);
    let other_key = SecretKey::new(&"another key ".repeat(4)).unwrap();
    let tampered = format!("{}x", token);
    for (token, key, at) in [
        (token, &other_key, now()),
        (tampered.as_str(), &key, now()),
        ("not a token", &key, now()),
        (token, &key, now() + Duration::days(61)),
    ] {
        assert_eq!(
            satisfaction::survey(conn, key, token, at)
                .await
                .unwrap_err(),
            bad
        );
    }
    assert!(
        satisfaction::survey(conn, &key, token, now() + Duration::days(59))
            .await
            .is_ok()
    );
}
db_test!(a_rating_link_opens_only_as_signed_and_in_time);
