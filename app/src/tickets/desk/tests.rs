//! Service tests of the desk's settings, each on SQLite and on PostgreSQL.

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::DatabaseConnection;

use super::service;
use super::types::{DeskForm, HolidayForm, TargetForm};
use crate::core::actor::Role;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::tickets::service as tickets;
use crate::tickets::tests::{answer, asking, customer};
use crate::tickets::types::Priority;

/// A time on the wall in Shanghai, the test workspace's zone, in December 2026: the 3rd is a
/// Thursday.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn target(priority: &str, first_response: &str, resolve: &str) -> TargetForm {
    TargetForm {
        priority: priority.into(),
        first_response: first_response.into(),
        resolve: resolve.into(),
    }
}

/// Monday to Saturday, 08:00 to 20:00, a normal ticket answered within 2 hours.
fn longer_week(version: i32) -> DeskForm {
    DeskForm {
        version,
        days: (0..6).map(|d| d.to_string()).collect(),
        opens: "08:00".into(),
        closes: "20:00".into(),
        time_zone: String::new(),
        targets: vec![
            target("urgent", "0.5", "4"),
            target("high", "1", "9"),
            target("normal", "2", "27"),
            target("low", "9", "45"),
        ],
    }
}

async fn the_desk_keeps_its_hours_and_targets_and_refiles_open_tickets(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let desk = service::get(conn, &owner).await.unwrap();
    assert_eq!(desk.version, 0);
    assert_eq!(desk.days, [true, true, true, true, true, false, false]);
    assert_eq!(
        (desk.opens.as_str(), desk.closes.as_str()),
        ("09:00", "18:00")
    );
    assert_eq!(desk.workspace_zone, "Asia/Shanghai");
    assert_eq!(desk.targets[0].priority, Priority::Urgent);
    assert_eq!(desk.targets[0].first_response, "0.5");
    assert_eq!(desk.targets[2].resolve, "27");
    assert!(desk.can_edit);

    // Thursday 16:00 in office hours: a normal ticket is answered by Friday 11:00.
    let waiting = tickets::create(conn, &owner, &asking(&zhang, "发票"), at(3, 16, 0))
        .await
        .unwrap();
    assert_eq!(waiting.due.at, Some(at(4, 11, 0)));
    // Answered in time, this one's first response stays met whatever the desk does later.
    let answered = tickets::create(conn, &owner, &asking(&zhang, "退货"), at(3, 16, 0))
        .await
        .unwrap();
    let reply = answer("收到，我们来处理。", "");
    let answered = tickets::reply(conn, &owner, answered.id, 1, &reply, at(3, 17, 0))
        .await
        .unwrap()
        .ticket;
    assert_eq!(answered.first_response_due_at, Some(at(4, 11, 0)));

    let saved = service::save(conn, &owner, &longer_week(0), Utc::now())
        .await
        .unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(saved.days, [true, true, true, true, true, true, false]);
    assert_eq!(
        (saved.opens.as_str(), saved.closes.as_str()),
        ("08:00", "20:00")
    );
    assert_eq!(saved.targets[2].first_response, "2");
    // Open until 20:00 and two hours to answer: due on Thursday at 18:00.
    let refiled = tickets::thread(conn, &owner, waiting.id, Utc::now())
        .await
        .unwrap()
        .ticket;
    assert_eq!(refiled.due.at, Some(at(3, 18, 0)));
    let kept = tickets::thread(conn, &owner, answered.id, Utc::now())
        .await
        .unwrap()
        .ticket;
    assert_eq!(kept.first_response_due_at, Some(at(4, 11, 0)));

    // A screen that read the settings before that save is told, not obeyed.
    let stale = service::save(conn, &owner, &longer_week(0), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(stale, AppError::Conflict { ref current } if current["version"] == 1),
        "{stale:?}"
    );

    // Friday is a holiday: a ticket of Thursday 19:30 has half an hour that day, then
    // Saturday from 08:00.
    let holiday = HolidayForm {
        day: "2026-12-04".into(),
        name: "店庆".into(),
    };
    let holidays = service::add_holiday(conn, &owner, &holiday).await.unwrap();
    assert_eq!(holidays.len(), 1);
    assert_eq!(holidays[0].name, "店庆");
    let late = tickets::create(conn, &owner, &asking(&zhang, "地址"), at(3, 19, 30))
        .await
        .unwrap();
    assert_eq!(late.due.at, Some(at(5, 9, 30)));
    let day = holidays[0].day;
    assert!(
        service::remove_holiday(conn, &owner, day)
            .await
            .unwrap()
            .is_empty()
    );
    let back = tickets::thread(conn, &owner, late.id, Utc::now())
        .await
        .unwrap()
        .ticket;
    assert_eq!(back.due.at, Some(at(4, 9, 30)));
}
db_test!(the_desk_keeps_its_hours_and_targets_and_refiles_open_tickets);

async fn the_desk_refuses_settings_that_cannot_work(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let bad = DeskForm {
        days: vec!["9".into()],
        opens: "18:00".into(),
        closes: "09:00".into(),
        time_zone: "Mars/Olympus".into(),
        targets: vec![
            target("urgent", "4", "1"),
            target("normal", "0.01", "27"),
            target("soon", "1", "2"),
        ],
        ..DeskForm::default()
    };
    let err = service::save(conn, &owner, &bad, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("days"), [Invalid::Choice, Invalid::Required]);
    assert_eq!(err.field("closes"), [Invalid::ClosesBeforeOpens]);
    assert_eq!(err.field("time_zone"), [Invalid::Choice]);
    assert_eq!(
        err.field("targets.0.resolve"),
        [Invalid::ResolveBeforeResponse]
    );
    assert_eq!(err.field("targets.1.first_response"), [Invalid::Duration]);
    assert_eq!(err.field("targets.2.priority"), [Invalid::Choice]);
    assert_eq!(service::get(conn, &owner).await.unwrap().version, 0);

    // Closing at 00:00 is midnight: a desk that never closes.
    let around_the_clock = DeskForm {
        days: (0..7).map(|d| d.to_string()).collect(),
        opens: "00:00".into(),
        closes: "00:00".into(),
        time_zone: "Europe/London".into(),
        ..longer_week(0)
    };
    let saved = service::save(conn, &owner, &around_the_clock, Utc::now())
        .await
        .unwrap();
    assert_eq!(saved.time_zone.as_deref(), Some("Europe/London"));
    let desk = service::desk(conn).await.unwrap();
    assert_eq!((desk.calendar.opens, desk.calendar.closes), (0, 24 * 60));
    assert_eq!(desk.calendar.zone, chrono_tz::Europe::London);
    let saturday_night = at(5, 23, 0);
    assert_eq!(desk.calendar.add(saturday_night, 120), Some(at(6, 1, 0)));

    let bad_day = HolidayForm {
        day: "2026-02-30".into(),
        name: String::new(),
    };
    let err = service::add_holiday(conn, &owner, &bad_day)
        .await
        .unwrap_err();
    assert_eq!(err.field("day"), [Invalid::Date]);
    assert_eq!(err.field("name"), [Invalid::Required]);
}
db_test!(the_desk_refuses_settings_that_cannot_work);

async fn agents_read_the_desk_and_managers_change_it(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let support = teammate(conn, &owner, "support@example.cn", Role::Support).await;
    let manager = teammate(conn, &owner, "manager@example.cn", Role::Manager).await;
    let marketing = teammate(conn, &owner, "marketing@example.cn", Role::Marketing).await;
    let read = service::get(conn, &support).await.unwrap();
    assert!(!read.can_edit);
    assert_eq!(
        service::save(conn, &support, &longer_week(0), Utc::now()).await,
        Err(AppError::Forbidden)
    );
    let holiday = HolidayForm {
        day: "2027-01-01".into(),
        name: "元旦".into(),
    };
    assert_eq!(
        service::add_holiday(conn, &support, &holiday).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        service::get(conn, &marketing).await,
        Err(AppError::Forbidden)
    );
    let saved = service::save(conn, &manager, &longer_week(0), Utc::now())
        .await
        .unwrap();
    assert_eq!(saved.version, 1);
}
db_test!(agents_read_the_desk_and_managers_change_it);
