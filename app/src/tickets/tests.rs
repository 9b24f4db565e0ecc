//! Service tests of the ticket desk, each on SQLite and on PostgreSQL.

mod attachments;
mod bulk;
mod report;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::DatabaseConnection;

use super::service;
use super::types::{
    Channel, InboxQuery, MessageKind, NewTicket, ReplyForm, Status, TicketPatch, View,
};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::customers::history::types::OrderForm;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::Contact;
use crate::db_test;
use crate::error::{AppError, Invalid};

pub(crate) async fn customer(conn: &DatabaseConnection, owner: &Actor, name: &str) -> Contact {
    crate::customers::service::create(conn, owner, &form(name))
        .await
        .unwrap()
}

pub(crate) fn asking(contact: &Contact, subject: &str) -> NewTicket {
    NewTicket {
        contact_id: Some(contact.id),
        subject: subject.into(),
        body: "打印机卡纸了，\n换了纸也不行。".into(),
        ..NewTicket::default()
    }
}

/// Now, to the microsecond that PostgreSQL keeps.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

fn view(view: View) -> InboxQuery {
    InboxQuery {
        view,
        ..InboxQuery::default()
    }
}

pub(crate) fn answer(body: &str, status: &str) -> ReplyForm {
    ReplyForm {
        body: body.into(),
        note: false,
        status: status.into(),
        ..ReplyForm::default()
    }
}

async fn a_ticket_goes_from_new_to_closed_through_notes_and_replies(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let now = now();
    let first = service::create(conn, &agent, &asking(&zhang, "打印机卡纸"), now)
        .await
        .unwrap();
    let second = service::create(conn, &agent, &asking(&zhang, "发票抬头"), now)
        .await
        .unwrap();
    assert_eq!((first.number, second.number), (1001, 1002));
    assert_eq!(first.status, Status::New);
    let unassigned = service::inbox(conn, &agent, &view(View::Unassigned), Utc::now())
        .await
        .unwrap();
    assert_eq!(unassigned.rows.len(), 2);
    assert!(unassigned.rows.iter().all(|r| r.unread));
    assert_eq!(service::waiting(conn, &agent).await.unwrap(), 2);

    // A note is for colleagues: the ticket stays new and has no first response yet.
    let note = ReplyForm {
        body: "可能是进纸器的问题".into(),
        note: true,
        ..ReplyForm::default()
    };
    let thread = service::reply(conn, &agent, first.id, first.version, &note, now)
        .await
        .unwrap();
    assert_eq!(thread.ticket.status, Status::New);
    assert_eq!(thread.ticket.first_response_at, None);
    // The first reply is the first response and opens the ticket; the thread keeps the order.
    let later = now + Duration::minutes(5);
    let thread = service::reply(
        conn,
        &agent,
        first.id,
        thread.ticket.version,
        &answer(
            "{{first_name}}您好，请把进纸器拆下来清理一下（{{ticket}}）。{{agnet}}",
            "",
        ),
        later,
    )
    .await
    .unwrap();
    assert_eq!(thread.ticket.status, Status::Open);
    assert_eq!(thread.ticket.first_response_at, Some(later));
    let kinds: Vec<MessageKind> = thread.messages.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [MessageKind::Incoming, MessageKind::Note, MessageKind::Reply]
    );
    assert_eq!(thread.messages[0].author, "张伟");
    assert_eq!(thread.messages[0].body, "打印机卡纸了，\n换了纸也不行。");
    assert_eq!(thread.messages[2].author, "agent@example.cn");
    assert_eq!(
        thread.messages[2].body, "张伟您好，请把进纸器拆下来清理一下（#1001）。{{agnet}}",
        "placeholders filled, a misspelt one kept to be seen"
    );

    // Waiting on the customer, then solved, then closed; a closed ticket takes no reply.
    let thread = service::reply(
        conn,
        &agent,
        first.id,
        thread.ticket.version,
        &answer("清理后还卡纸吗？", "pending"),
        later,
    )
    .await
    .unwrap();
    assert_eq!(thread.ticket.status, Status::Pending);
    let pending = service::inbox(conn, &agent, &view(View::Pending), Utc::now())
        .await
        .unwrap();
    assert_eq!(pending.rows.len(), 1);
    let patch = |status: &str| TicketPatch {
        status: status.into(),
        priority: "normal".into(),
        assignee_id: agent.user.id.to_string(),
        tags: "硬件, 打印机".into(),
    };
    let solved = service::update(
        conn,
        &agent,
        first.id,
        thread.ticket.version,
        &patch("solved"),
        later,
    )
    .await
    .unwrap();
    assert_eq!(solved.status, Status::Solved);
    assert_eq!(solved.solved_at, Some(later));
    assert_eq!(solved.tags, ["打印机", "硬件"]);
    assert_eq!(solved.assignee_name.as_deref(), Some("agent@example.cn"));
    let closed = service::update(
        conn,
        &agent,
        first.id,
        solved.version,
        &patch("closed"),
        later,
    )
    .await
    .unwrap();
    let refused = service::reply(
        conn,
        &agent,
        first.id,
        closed.version,
        &answer("还有问题吗？", ""),
        later,
    )
    .await
    .unwrap_err();
    assert_eq!(refused.field("status"), [Invalid::Transition]);
    let reopen = service::update(
        conn,
        &agent,
        first.id,
        closed.version,
        &patch("open"),
        later,
    )
    .await
    .unwrap_err();
    assert_eq!(reopen.field("status"), [Invalid::Transition]);

    let counts = service::counts(conn, &agent, Utc::now()).await.unwrap();
    assert_eq!(counts.of(View::Solved), 1);
    assert_eq!(counts.of(View::Open), 1);
    assert_eq!(counts.of(View::Unassigned), 1);
    assert_eq!(counts.of(View::Mine), 0);
    assert_eq!(counts.of(View::All), 2);
}
db_test!(a_ticket_goes_from_new_to_closed_through_notes_and_replies);

async fn a_change_from_a_stale_ticket_is_refused_with_the_ticket_as_it_is(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let one = teammate(conn, &owner, "one@example.cn", Role::Support).await;
    let two = teammate(conn, &owner, "two@example.cn", Role::Support).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let now = now();
    let ticket = service::create(conn, &one, &asking(&zhang, "退货"), now)
        .await
        .unwrap();
    let mine = TicketPatch {
        status: "open".into(),
        priority: "high".into(),
        assignee_id: one.user.id.to_string(),
        tags: String::new(),
    };
    service::update(conn, &one, ticket.id, ticket.version, &mine, now)
        .await
        .unwrap();
    // The second agent answers from the page they loaded before the change.
    let stale = service::reply(
        conn,
        &two,
        ticket.id,
        ticket.version,
        &answer("已收到", ""),
        now,
    )
    .await
    .unwrap_err();
    let AppError::Conflict { current } = stale else {
        panic!("expected a conflict, got {stale:?}");
    };
    assert_eq!(current["priority"], "high");
    assert_eq!(current["assignee_name"], "one@example.cn");
    // Nothing of the refused reply was kept.
    let thread = service::thread(conn, &two, ticket.id, now).await.unwrap();
    assert_eq!(thread.messages.len(), 1);
}
db_test!(a_change_from_a_stale_ticket_is_refused_with_the_ticket_as_it_is);

async fn who_may_read_and_work_tickets(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let marketing = teammate(conn, &owner, "mkt@example.cn", Role::Marketing).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let now = now();
    let refused = service::create(conn, &sales, &asking(&zhang, "报价"), now).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    let ticket = service::create(conn, &agent, &asking(&zhang, "报价"), now)
        .await
        .unwrap();
    // Sales read what their customers asked, but do not answer for the desk.
    let thread = service::thread(conn, &sales, ticket.id, now).await.unwrap();
    assert!(!thread.can_work);
    let ok = answer("好的", "");
    let reply = service::reply(conn, &sales, ticket.id, ticket.version, &ok, now).await;
    assert_eq!(reply.unwrap_err(), AppError::Forbidden);
    assert_eq!(
        service::inbox(conn, &marketing, &view(View::All), Utc::now())
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(service::waiting(conn, &sales).await.unwrap(), 0);
    // A ticket goes only to someone who works tickets.
    let to_sales = TicketPatch {
        status: "open".into(),
        priority: "normal".into(),
        assignee_id: sales.user.id.to_string(),
        tags: String::new(),
    };
    let err = service::update(conn, &agent, ticket.id, ticket.version, &to_sales, now)
        .await
        .unwrap_err();
    assert_eq!(err.field("assignee_id"), [Invalid::Choice]);
    let agents = service::agents(conn, &agent).await.unwrap();
    let names: Vec<&str> = agents.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["agent@example.cn", "王芳"]);
}
db_test!(who_may_read_and_work_tickets);

async fn a_new_ticket_says_what_is_missing_and_keeps_to_the_customers_orders(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let li = customer(conn, &owner, "李娜").await;
    let order = OrderForm {
        number: "SO-1".into(),
        ordered_on: "2026-11-20".into(),
        amount: "300".into(),
        currency: "CNY".into(),
        status: "paid".into(),
        note: String::new(),
        ..OrderForm::default()
    };
    let lis = crate::customers::history::orders::add_order(conn, &owner, li.id, &order, Utc::now())
        .await
        .unwrap();
    let now = now();
    let err = service::create(conn, &owner, &NewTicket::default(), now)
        .await
        .unwrap_err();
    assert_eq!(err.field("contact_id"), [Invalid::Required]);
    assert_eq!(err.field("subject"), [Invalid::Required]);
    assert_eq!(err.field("body"), [Invalid::Required]);
    let mut someone_elses = asking(&zhang, "退货");
    someone_elses.order_id = lis.id.to_string();
    someone_elses.priority = "soon".into();
    someone_elses.channel = "fax".into();
    let err = service::create(conn, &owner, &someone_elses, now)
        .await
        .unwrap_err();
    assert_eq!(err.field("order_id"), [Invalid::NoMatch]);
    assert_eq!(err.field("priority"), [Invalid::Choice]);
    assert_eq!(err.field("channel"), [Invalid::Choice]);
    let mut hers = asking(&li, "退货");
    hers.order_id = lis.id.to_string();
    let ticket = service::create(conn, &owner, &hers, now).await.unwrap();
    assert_eq!(ticket.order_number.as_deref(), Some("SO-1"));
    assert_eq!(
        ticket.channel,
        Channel::Phone,
        "a call, unless said otherwise"
    );
    let by_api = NewTicket {
        channel: "api".into(),
        ..asking(&li, "批量退货")
    };
    let ticket = service::create(conn, &owner, &by_api, now).await.unwrap();
    assert_eq!(ticket.channel, Channel::Api);
    assert_eq!(
        service::of_contact(conn, &owner, li.id)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        service::of_contact(conn, &owner, zhang.id)
            .await
            .unwrap()
            .is_empty()
    );
}
db_test!(a_new_ticket_says_what_is_missing_and_keeps_to_the_customers_orders);

async fn the_inbox_pages_oldest_first_searches_and_clears_unread(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let start = Utc::now();
    for i in 0..55 {
        let at = start + Duration::seconds(i);
        service::create(conn, &owner, &asking(&zhang, &format!("问题 {i}")), at)
            .await
            .unwrap();
    }
    let first = service::inbox(conn, &owner, &view(View::Open), Utc::now())
        .await
        .unwrap();
    assert_eq!(first.rows.len(), 50);
    assert!(first.more);
    assert_eq!(first.rows[0].subject, "问题 0");
    let next = InboxQuery {
        after: first.rows.last().map(|r| r.id),
        ..view(View::Open)
    };
    let second = service::inbox(conn, &owner, &next, Utc::now())
        .await
        .unwrap();
    let subjects: Vec<&str> = second.rows.iter().map(|r| r.subject.as_str()).collect();
    assert_eq!(
        subjects,
        ["问题 50", "问题 51", "问题 52", "问题 53", "问题 54"]
    );
    assert!(!second.more);
    // Finished work and "all" read newest first.
    let all = service::inbox(conn, &owner, &view(View::All), Utc::now())
        .await
        .unwrap();
    assert_eq!(all.rows[0].subject, "问题 54");

    let search = |q: &str| InboxQuery {
        q: q.into(),
        ..view(View::All)
    };
    let by_number = service::inbox(conn, &owner, &search("#1003"), Utc::now())
        .await
        .unwrap();
    assert_eq!(by_number.rows.len(), 1);
    assert_eq!(by_number.rows[0].subject, "问题 2");
    let by_subject = service::inbox(conn, &owner, &search("问题 5"), Utc::now())
        .await
        .unwrap();
    assert_eq!(by_subject.rows.len(), 6);
    let by_name = service::inbox(conn, &owner, &search("张伟"), Utc::now())
        .await
        .unwrap();
    assert_eq!(by_name.rows.len(), 50);

    let id = by_number.rows[0].id;
    assert!(by_number.rows[0].unread);
    // Read after the last of them arrived.
    let later = start + Duration::minutes(5);
    service::thread(conn, &owner, id, later).await.unwrap();
    let again = service::inbox(conn, &owner, &search("1003"), Utc::now())
        .await
        .unwrap();
    assert!(!again.rows[0].unread);
}
db_test!(the_inbox_pages_oldest_first_searches_and_clears_unread);

async fn canned_replies_are_shared_and_kept_by_agents(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let form = super::types::CannedForm {
        title: "退款流程".into(),
        body: "{{name}}您好，退款将在 3 个工作日内到账。".into(),
    };
    let saved = service::canned::create(conn, &agent, &form, Utc::now())
        .await
        .unwrap();
    let refused = service::canned::create(conn, &sales, &form, Utc::now()).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    assert_eq!(
        service::canned::list(conn, &owner).await.unwrap(),
        [saved.clone()]
    );
    let empty = super::types::CannedForm::default();
    let err = service::canned::create(conn, &agent, &empty, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("title"), [Invalid::Required]);
    service::canned::remove(conn, &owner, saved.id)
        .await
        .unwrap();
    assert!(
        service::canned::list(conn, &agent)
            .await
            .unwrap()
            .is_empty()
    );
    let again = service::canned::remove(conn, &owner, saved.id).await;
    assert_eq!(again.unwrap_err(), AppError::NotFound);
}
db_test!(canned_replies_are_shared_and_kept_by_agents);

async fn a_merge_moves_tickets_and_the_export_holds_their_threads(conn: &DatabaseConnection) {
    use crate::duplicates::{merge, types::MergeForm};

    let owner = owner(conn).await;
    let a = customer(conn, &owner, "张伟").await;
    let b = customer(conn, &owner, "张伟").await;
    let ticket = service::create(conn, &owner, &asking(&b, "退货"), Utc::now())
        .await
        .unwrap();
    let merge_form = MergeForm {
        survivor: a.id,
        contacts: vec![a.id, b.id],
        versions: vec![a.version, b.version],
        choices: Default::default(),
    };
    merge::merge(conn, &owner, &merge_form, Utc::now())
        .await
        .unwrap();
    let theirs = service::of_contact(conn, &owner, a.id).await.unwrap();
    assert_eq!(theirs.iter().map(|t| t.id).collect::<Vec<_>>(), [ticket.id]);
    let export = crate::privacy::service::subject(conn, &owner, a.id)
        .await
        .unwrap();
    assert_eq!(export["tickets"][0]["ticket"]["subject"], "退货");
    assert_eq!(export["tickets"][0]["messages"][0]["kind"], "incoming");

    // Undone, the ticket goes back to the contact it came from.
    let merges = merge::merges_of(conn, &owner, a.id).await.unwrap();
    merge::undo(conn, &owner, merges[0].id, Utc::now())
        .await
        .unwrap();
    let back = service::of_contact(conn, &owner, b.id).await.unwrap();
    assert_eq!(back.iter().map(|t| t.id).collect::<Vec<_>>(), [ticket.id]);
}
db_test!(a_merge_moves_tickets_and_the_export_holds_their_threads);

async fn held_in(conn: &DatabaseConnection, actor: &Actor, view: View, at: DateTime<Utc>) -> usize {
    let query = InboxQuery {
        view,
        ..InboxQuery::default()
    };
    service::inbox(conn, actor, &query, at)
        .await
        .unwrap()
        .rows
        .len()
}

async fn the_clock_files_tickets_at_risk_and_past_due_and_stops_while_pending(
    conn: &DatabaseConnection,
) {
    use chrono::TimeZone;

    let owner = owner(conn).await;
    let zhang = customer(conn, &owner, "张伟").await;
    // Office hours in Shanghai, the test workspace's zone; 3 December 2026 is a Thursday.
    let at = |day, hour, minute| {
        chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    let ticket = service::create(conn, &owner, &asking(&zhang, "发票"), at(3, 16, 0))
        .await
        .unwrap();
    // A normal ticket is answered within 4 business hours: 2 on Thursday, 2 on Friday.
    assert_eq!(ticket.first_response_due_at, Some(at(4, 11, 0)));
    assert_eq!(ticket.due.at, ticket.first_response_due_at);
    assert_eq!(held_in(conn, &owner, View::AtRisk, at(4, 10, 0)).await, 0);
    assert_eq!(held_in(conn, &owner, View::AtRisk, at(4, 10, 30)).await, 1);
    assert_eq!(
        held_in(conn, &owner, View::Breached, at(4, 10, 30)).await,
        0
    );
    assert_eq!(
        held_in(conn, &owner, View::Breached, at(4, 11, 30)).await,
        1
    );

    // Answered on Friday at 09:00 and waiting on the customer until Monday noon: no target
    // runs meanwhile, and the 12 business hours waited move the resolution on.
    let asked = answer("请提供正确的抬头。", "pending");
    let thread = service::reply(conn, &owner, ticket.id, ticket.version, &asked, at(4, 9, 0))
        .await
        .unwrap();
    assert_eq!(thread.ticket.due.at, None);
    assert_eq!(held_in(conn, &owner, View::Breached, at(7, 11, 0)).await, 0);
    let open = TicketPatch {
        status: "open".into(),
        priority: "normal".into(),
        assignee_id: String::new(),
        tags: String::new(),
    };
    let back = service::update(
        conn,
        &owner,
        ticket.id,
        thread.ticket.version,
        &open,
        at(7, 12, 0),
    )
    .await
    .unwrap();
    assert_eq!(back.resolve_due_at, Some(at(10, 10, 0)));
    assert_eq!(back.due.at, back.resolve_due_at);
    // Made urgent, it is due four business hours after it came in, plus the wait.
    let urgent = TicketPatch {
        priority: "urgent".into(),
        ..open
    };
    let urgent = service::update(conn, &owner, ticket.id, back.version, &urgent, at(7, 12, 0))
        .await
        .unwrap();
    assert_eq!(urgent.due.at, Some(at(7, 14, 0)));
}
db_test!(the_clock_files_tickets_at_risk_and_past_due_and_stops_while_pending);
