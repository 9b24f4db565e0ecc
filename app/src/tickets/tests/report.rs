//! The service report over tickets with known due times.

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::DatabaseConnection;

use super::{answer, customer};
use crate::core::actor::Role;
use crate::core::signing::SecretKey;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::tickets::report::service as report;
use crate::tickets::satisfaction::service as satisfaction;
use crate::tickets::satisfaction::types::RatingForm;
use crate::tickets::service;
use crate::tickets::types::{NewTicket, Priority};

/// A time on the wall in Shanghai, in December 2026: the 1st is a Tuesday.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

async fn the_report_counts_targets_met_and_missed_and_ratings(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let open = |subject: &str, priority: &str, assignee: String| NewTicket {
        contact_id: Some(zhang.id),
        subject: subject.into(),
        body: "请帮忙".into(),
        priority: priority.into(),
        assignee_id: assignee,
        ..NewTicket::default()
    };
    // Urgent, Tuesday 10:00: answered at 10:10 and solved at 13:00, both in time.
    let urgent = service::create(
        conn,
        &owner,
        &open("停机", "urgent", String::new()),
        at(1, 10, 0),
    )
    .await
    .unwrap();
    let t = service::reply(
        conn,
        &owner,
        urgent.id,
        1,
        &answer("马上处理", ""),
        at(1, 10, 10),
    )
    .await
    .unwrap()
    .ticket;
    service::reply(
        conn,
        &owner,
        urgent.id,
        t.version,
        &answer("已修复", "solved"),
        at(1, 13, 0),
    )
    .await
    .unwrap();
    // Normal, the agent's: answered at 15:00, an hour late, solved on Wednesday in time.
    let normal = open("发票", "normal", agent.user.id.to_string());
    let normal = service::create(conn, &owner, &normal, at(1, 10, 0))
        .await
        .unwrap();
    let t = service::reply(
        conn,
        &agent,
        normal.id,
        1,
        &answer("稍等", ""),
        at(1, 15, 0),
    )
    .await
    .unwrap()
    .ticket;
    service::reply(
        conn,
        &agent,
        normal.id,
        t.version,
        &answer("已开", "solved"),
        at(2, 10, 0),
    )
    .await
    .unwrap();
    // Low, Thursday: never answered; by the 10th both its targets have passed.
    service::create(
        conn,
        &owner,
        &open("建议", "low", String::new()),
        at(3, 10, 0),
    )
    .await
    .unwrap();
    // Long before the span: not counted in the last 7 days.
    service::create(
        conn,
        &owner,
        &open("旧事", "low", String::new()),
        at(1, 9, 0) - chrono::Duration::days(20),
    )
    .await
    .unwrap();

    let key = SecretKey::for_tests();
    for (ticket, score) in [(urgent.id, "5"), (normal.id, "2")] {
        let link = satisfaction::link(&key, "http://localhost", ticket, at(2, 12, 0));
        let form = RatingForm {
            token: link.split("t=").nth(1).unwrap().to_owned(),
            score: score.into(),
            comment: String::new(),
        };
        satisfaction::rate(conn, &key, &form, at(2, 12, 0))
            .await
            .unwrap();
    }

    let now = at(10, 12, 0);
    let report = report::sla(conn, &agent, 30, now).await.unwrap();
    let total = report.total;
    assert_eq!(total.tickets, 4);
    let week = report::sla(conn, &agent, 7, at(9, 12, 0))
        .await
        .unwrap()
        .total;
    assert_eq!(
        week.tickets, 1,
        "only Thursday's ticket is in the 7 days to the 9th"
    );
    // First responses: urgent met; normal late; both low ones never answered and past due.
    assert_eq!((total.first_met, total.first_missed), (1, 3));
    // Resolutions: urgent and normal in time; the low ones past due.
    assert_eq!((total.resolve_met, total.resolve_missed), (2, 2));
    assert_eq!(total.scores, [0, 1, 0, 0, 1]);
    assert_eq!(total.average_tenths(), Some(35));
    assert_eq!(total.satisfied(), Some(50));
    // Today's figure counts the ratings given since a moment: both, then none after them.
    let since = |at| report::satisfied_since(conn, &agent, at);
    assert_eq!(since(at(1, 0, 0)).await.unwrap(), Some(50));
    assert_eq!(since(at(3, 0, 0)).await.unwrap(), None);

    let by_priority: Vec<(Priority, u64, u64)> = report
        .by_priority
        .iter()
        .map(|(p, t)| (*p, t.first_met, t.first_missed))
        .collect();
    assert_eq!(
        by_priority,
        [
            (Priority::Urgent, 1, 0),
            (Priority::High, 0, 0),
            (Priority::Normal, 0, 1),
            (Priority::Low, 0, 2),
        ]
    );
    assert_eq!(report.by_agent.len(), 2);
    assert_eq!(report.by_agent[0].name.as_deref(), Some("agent@example.cn"));
    assert_eq!(report.by_agent[0].tally.scores, [0, 1, 0, 0, 0]);
    assert_eq!(report.by_agent[1].name, None, "the unassigned come last");
    assert_eq!(report.by_agent[1].tally.tickets, 3);

    let odd = report::sla(conn, &agent, 10, now).await.unwrap_err();
    assert_eq!(odd.field("days"), [Invalid::Choice]);
    assert_eq!(
        report::sla(conn, &sales, 30, now).await,
        Err(AppError::Forbidden)
    );
}
db_test!(the_report_counts_targets_met_and_missed_and_ratings);
