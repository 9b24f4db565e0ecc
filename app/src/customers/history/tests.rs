//! Service tests of contact history and orders, each on SQLite and on PostgreSQL.

use chrono::{SubsecRound, TimeDelta, TimeZone, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::orders::add_order;
use super::service::{PAGE_SIZE, history, log, totals};
use super::types::{HistoryItem, InteractionForm, InteractionKind, OrderForm};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::core::{audit, outbox};
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::Contact;
use crate::db_test;
use crate::error::{AppError, Invalid};

async fn contact(conn: &DatabaseConnection, by: &Actor, name: &str) -> Contact {
    contacts::create(conn, by, &form(name)).await.unwrap()
}

fn call(body: &str) -> InteractionForm {
    InteractionForm {
        kind: "call".into(),
        direction: "outbound".into(),
        body: body.into(),
        ..InteractionForm::default()
    }
}

fn order(number: &str, day: &str, amount: &str, currency: &str, status: &str) -> OrderForm {
    OrderForm {
        number: number.into(),
        ordered_on: day.into(),
        amount: amount.into(),
        currency: currency.into(),
        status: status.into(),
        note: String::new(),
        ..OrderForm::default()
    }
}

async fn a_call_is_logged_in_the_users_time_zone(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contact(conn, &owner, "张伟").await;
    let now = Utc::now();
    let quick = log(conn, &owner, zhang.id, &call(""), now).await.unwrap();
    assert_eq!(quick.occurred_at, now.trunc_subsecs(6), "empty time: now");
    assert_eq!(quick.user_name.as_deref(), Some("王芳"));
    assert_eq!(quick.body, None, "a call needs no notes");

    let when = InteractionForm {
        occurred_at: "2026-11-20T09:15".into(),
        body: "  Wants a quote\r\nfor 200 units ".into(),
        ..call("")
    };
    let logged = log(conn, &owner, zhang.id, &when, now).await.unwrap();
    assert_eq!(
        logged.occurred_at,
        Utc.with_ymd_and_hms(2026, 11, 20, 1, 15, 0).unwrap(),
        "09:15 in Shanghai"
    );
    assert_eq!(logged.body.as_deref(), Some("Wants a quote\nfor 200 units"));
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "interaction.create" && e.record_id == Some(logged.id))
    );
    let events = outbox::entity::Entity::find().all(conn).await.unwrap();
    assert!(events.iter().any(|e| e.topic == "interaction.created"));
}
db_test!(a_call_is_logged_in_the_users_time_zone);

async fn bad_interactions_are_refused_field_by_field(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contact(conn, &owner, "张伟").await;
    let note = InteractionForm {
        kind: "note".into(),
        ..InteractionForm::default()
    };
    let err = log(conn, &owner, zhang.id, &note, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("body"), [Invalid::Required], "a note is its text");
    let bad = InteractionForm {
        kind: "fax".into(),
        direction: "sideways".into(),
        occurred_at: "yesterday".into(),
        ..InteractionForm::default()
    };
    let err = log(conn, &owner, zhang.id, &bad, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("kind"), [Invalid::Choice]);
    assert_eq!(err.field("direction"), [Invalid::Choice]);
    assert_eq!(err.field("occurred_at"), [Invalid::Date]);
    let missing = log(conn, &owner, uuid::Uuid::now_v7(), &call(""), Utc::now()).await;
    assert_eq!(missing.unwrap_err(), AppError::NotFound);
    let page = history(conn, &owner, zhang.id, None).await.unwrap();
    assert!(page.items.is_empty(), "nothing written");
}
db_test!(bad_interactions_are_refused_field_by_field);

async fn orders_add_up_and_only_editors_record_them(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contact(conn, &owner, "张伟").await;
    let now = Utc::now();
    add_order(
        conn,
        &owner,
        zhang.id,
        &order("A-1", "2026-01-05", "¥1,234.50", "CNY", "paid"),
        now,
    )
    .await
    .unwrap();
    add_order(
        conn,
        &owner,
        zhang.id,
        &order("A-2", "2026-03-09", "1.5万", "CNY", "fulfilled"),
        now,
    )
    .await
    .unwrap();
    add_order(
        conn,
        &owner,
        zhang.id,
        &order("A-3", "2026-04-01", "$99", "USD", "paid"),
        now,
    )
    .await
    .unwrap();
    add_order(
        conn,
        &owner,
        zhang.id,
        &order("A-4", "2026-05-01", "500", "CNY", "cancelled"),
        now,
    )
    .await
    .unwrap();
    let sums = totals(conn, &owner, zhang.id).await.unwrap();
    assert_eq!(sums.orders, 3, "the cancelled order is no revenue");
    let revenue: Vec<(i64, &str)> = sums
        .revenue
        .iter()
        .map(|m| (m.minor, m.currency.as_str()))
        .collect();
    assert_eq!(revenue, [(1_623_450, "CNY"), (9_900, "USD")]);
    assert_eq!(
        sums.first,
        Some(Utc.with_ymd_and_hms(2026, 1, 4, 16, 0, 0).unwrap())
    );
    assert_eq!(
        sums.last,
        Some(Utc.with_ymd_and_hms(2026, 3, 31, 16, 0, 0).unwrap())
    );

    let again = add_order(
        conn,
        &owner,
        zhang.id,
        &order("A-1", "2026-06-01", "1", "CNY", "paid"),
        now,
    )
    .await;
    assert_eq!(again.unwrap_err().field("number"), [Invalid::Taken]);
    let bad = add_order(
        conn,
        &owner,
        zhang.id,
        &order("", "5/6/2026", "$5", "CNY", "lost"),
        now,
    )
    .await;
    let bad = bad.unwrap_err();
    assert!(
        bad.field("number").is_empty(),
        "a number left empty is made"
    );
    assert_eq!(bad.field("ordered_on"), [Invalid::Date]);
    assert_eq!(bad.field("amount"), [Invalid::Currency]);
    assert_eq!(bad.field("status"), [Invalid::Choice]);

    // Sales edit only the contacts they own; anyone who sees a contact may log a call.
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let refused = add_order(
        conn,
        &rep,
        zhang.id,
        &order("B-1", "2026-06-01", "1", "CNY", "paid"),
        now,
    )
    .await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    log(conn, &rep, zhang.id, &call("Followed up"), now)
        .await
        .unwrap();
}
db_test!(orders_add_up_and_only_editors_record_them);

async fn the_timeline_pages_through_history_and_orders_newest_first(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contact(conn, &owner, "张伟").await;
    let other = contact(conn, &owner, "李娜").await;
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    // 40 calls an hour apart and 30 orders a day apart; two calls share a moment.
    for hour in 0..40 {
        let at = (start + TimeDelta::hours(hour)).with_timezone(&chrono_tz::Asia::Shanghai);
        let form = InteractionForm {
            occurred_at: at.format("%Y-%m-%dT%H:%M").to_string(),
            ..call(&format!("call {hour}"))
        };
        log(conn, &owner, zhang.id, &form, Utc::now())
            .await
            .unwrap();
    }
    let same_moment = InteractionForm {
        occurred_at: "2026-01-01T08:00".into(),
        ..call("the twin")
    };
    log(conn, &owner, zhang.id, &same_moment, Utc::now())
        .await
        .unwrap();
    for day in 0..30 {
        let on = (start + TimeDelta::days(day))
            .format("%Y-%m-%d")
            .to_string();
        let form = order(&format!("T-{day}"), &on, "10", "CNY", "paid");
        add_order(conn, &owner, zhang.id, &form, Utc::now())
            .await
            .unwrap();
    }
    log(conn, &owner, other.id, &call("someone else"), Utc::now())
        .await
        .unwrap();

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = history(conn, &owner, zhang.id, after.as_deref())
            .await
            .unwrap();
        assert!(page.items.len() as u64 <= PAGE_SIZE);
        seen.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        seen.len(),
        71,
        "every entry once, none of the other contact's"
    );
    let keys: Vec<_> = seen.iter().map(|item| (item.at(), item.id())).collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(keys, sorted, "newest first, no repeats");
    assert!(matches!(seen.last(), Some(HistoryItem::Order(o)) if o.number == "T-0"));
    let calls = seen
        .iter()
        .filter(|i| matches!(i, HistoryItem::Interaction(c) if c.kind == InteractionKind::Call))
        .count();
    assert_eq!(calls, 41);
    let bad = history(conn, &owner, zhang.id, Some("garbage")).await;
    assert_eq!(bad.unwrap_err().field("after"), [Invalid::Choice]);
}
db_test!(the_timeline_pages_through_history_and_orders_newest_first);
