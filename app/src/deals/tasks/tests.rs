//! Service tests of tasks and reminders, each on SQLite and on PostgreSQL.

use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

use super::service;
use super::types::TaskForm;
use crate::core::actor::Role;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::deals::types::{BoardQuery, NewDeal};
use crate::error::{AppError, Invalid};

/// A time as the task form posts it, in the test workspace's zone (Asia/Shanghai).
fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn a_due_task_reminds_its_assignee_until_it_is_done(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let other = teammate(conn, &owner, "other@example.cn", Role::Sales).await;
    let now = Utc::now();
    let board = crate::deals::service::board(conn, &owner, &BoardQuery::default(), now)
        .await
        .unwrap();
    let deal = NewDeal {
        title: "年度合同".into(),
        stage_id: board.pipeline.stages[0].id,
        ..NewDeal::default()
    };
    let deal = crate::deals::service::create(conn, &owner, &deal)
        .await
        .unwrap();
    let form = |title: &str, due| TaskForm {
        title: title.into(),
        due: local(due),
        assignee_id: rep.user.id.to_string(),
        deal_id: Some(deal.id),
        contact_id: None,
        id: None,
    };
    let late = service::create(conn, &owner, &form("回电话", now - Duration::hours(2)), now)
        .await
        .unwrap();
    service::create(conn, &owner, &form("发报价", now + Duration::days(3)), now)
        .await
        .unwrap();

    let mine = service::mine(conn, &rep, now).await.unwrap();
    assert_eq!(
        mine.overdue
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["回电话"]
    );
    assert_eq!(mine.upcoming.len(), 1);
    assert_eq!(service::due_count(conn, &rep, now).await.unwrap(), 1);
    assert_eq!(service::due_count(conn, &owner, now).await.unwrap(), 0);
    // The card shows the earliest open task.
    let card = crate::deals::service::card(conn, deal.id).await.unwrap();
    assert_eq!(card.next_task, Some(late.due_at));

    // Only the assignee, the creator or a manager ticks it off, and only from the version read.
    let refused = service::set_done(conn, &other, late.id, late.version, true, now).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    let done = service::set_done(conn, &rep, late.id, late.version, true, now)
        .await
        .unwrap();
    assert!(done.done);
    let stale = service::set_done(conn, &rep, late.id, late.version, false, now).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    assert_eq!(service::due_count(conn, &rep, now).await.unwrap(), 0);
    let card = crate::deals::service::card(conn, deal.id).await.unwrap();
    assert!(card.next_task.is_some_and(|due| due > now));
    let listed = service::of_record(conn, &rep, Some(deal.id), None)
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|t| t.done).collect::<Vec<_>>(),
        [false, true]
    );

    let bad = TaskForm {
        due: "tomorrow".into(),
        ..form("x", now)
    };
    let refused = service::create(conn, &owner, &bad, now).await.unwrap_err();
    assert_eq!(refused.field("due"), [Invalid::Date]);
}
db_test!(a_due_task_reminds_its_assignee_until_it_is_done);

async fn a_task_is_snoozed_to_tomorrow_or_moved_to_a_time_by_who_may_tick_it(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let other = teammate(conn, &owner, "other@example.cn", Role::Sales).await;
    let now = Utc::now();
    let form = TaskForm {
        title: "回访".into(),
        due: local(now - Duration::days(2)),
        assignee_id: rep.user.id.to_string(),
        ..TaskForm::default()
    };
    let task = service::create(conn, &owner, &form, now).await.unwrap();
    assert_eq!(
        service::mine(conn, &rep, now).await.unwrap().overdue.len(),
        1
    );

    // Snoozed: no longer overdue, nor today; due tomorrow at the hour it had.
    let refused = service::snooze(conn, &other, task.id, task.version, now).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    let snoozed = service::snooze(conn, &rep, task.id, task.version, now)
        .await
        .unwrap();
    let zone = chrono_tz::Asia::Shanghai;
    let local_day = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    assert_eq!(
        local_day(snoozed.due_at),
        local_day(now) + chrono::Days::new(1)
    );
    assert_eq!(&local(snoozed.due_at)[11..], &local(task.due_at)[11..]);
    let mine = service::mine(conn, &rep, now).await.unwrap();
    assert!(mine.overdue.is_empty() && mine.today.is_empty(), "{mine:?}");
    assert_eq!(mine.upcoming.len(), 1);
    let stale = service::snooze(conn, &rep, task.id, task.version, now).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");

    // Moved to a time typed in the user's zone; a time that is not one is refused.
    let later = now + Duration::days(5);
    let moved = service::reschedule(conn, &owner, task.id, snoozed.version, &local(later), now)
        .await
        .unwrap();
    assert_eq!(local(moved.due_at), local(later));
    let bad = service::reschedule(conn, &rep, task.id, moved.version, "soon", now).await;
    assert_eq!(bad.unwrap_err().field("due"), [Invalid::Date]);
}
db_test!(a_task_is_snoozed_to_tomorrow_or_moved_to_a_time_by_who_may_tick_it);
