//! Changing several tickets at once from the inbox.

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{asking, customer, now};
use crate::core::actor::Role;
use crate::core::audit::entity as audit_log;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::notifications::service as notifications;
use crate::notifications::types::NotificationKind;
use crate::tickets::service;
use crate::tickets::types::{BulkChange, NOBODY, Priority, Seen, Status, Ticket, TicketPatch};

fn seen(ticket: &Ticket) -> Seen {
    Seen {
        id: ticket.id,
        version: ticket.version,
    }
}

async fn picked_tickets_change_together_and_stale_ones_are_left(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let mut made = Vec::new();
    for subject in ["打印机", "发票", "退货"] {
        made.push(
            service::create(conn, &owner, &asking(&zhang, subject), now())
                .await
                .unwrap(),
        );
    }
    let versions: Vec<Seen> = made.iter().map(seen).collect();
    // Meanwhile a colleague raises the third one's priority.
    let patch = TicketPatch {
        status: "new".into(),
        priority: "high".into(),
        ..TicketPatch::default()
    };
    service::update(conn, &owner, made[2].id, made[2].version, &patch, now())
        .await
        .unwrap();

    let assign = BulkChange {
        picked: versions.clone(),
        assignee: agent.user.id.to_string(),
        priority: "urgent".into(),
        ..BulkChange::default()
    };
    let outcome = service::bulk(conn, &owner, &assign, now()).await.unwrap();
    assert_eq!(outcome.changed, [made[0].number, made[1].number]);
    assert_eq!(outcome.stale, [made[2].number]);
    assert!(outcome.refused.is_empty());
    let theirs = service::inbox(
        conn,
        &agent,
        &super::view(crate::tickets::types::View::Mine),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(theirs.rows.len(), 2);
    assert!(theirs.rows.iter().all(|r| r.priority == Priority::Urgent));
    let untouched = service::thread(conn, &owner, made[2].id, Utc::now())
        .await
        .unwrap()
        .ticket;
    assert_eq!(
        (untouched.priority, untouched.assignee_id),
        (Priority::High, None)
    );

    // The agent is told about each ticket given to them, and nobody about their own doing.
    let told = notifications::list(conn, &agent).await.unwrap();
    assert_eq!(told.len(), 2);
    assert!(
        told.iter()
            .all(|n| n.kind == NotificationKind::TicketAssigned)
    );
    let about: Vec<_> = told.iter().filter_map(|n| n.ticket_id).collect();
    assert!(about.contains(&made[0].id) && about.contains(&made[1].id));
    assert!(notifications::list(conn, &owner).await.unwrap().is_empty());

    // A status the tickets cannot take leaves them as they are; the rest change.
    let first = service::thread(conn, &owner, made[0].id, Utc::now())
        .await
        .unwrap()
        .ticket;
    let third = service::thread(conn, &owner, made[2].id, Utc::now())
        .await
        .unwrap()
        .ticket;
    let close = BulkChange {
        picked: vec![seen(&third), seen(&first)],
        status: "closed".into(),
        ..BulkChange::default()
    };
    let outcome = service::bulk(conn, &owner, &close, now()).await.unwrap();
    assert!(outcome.changed.is_empty());
    assert_eq!(outcome.refused.len(), 2);
    let solve = BulkChange {
        status: "solved".into(),
        assignee: NOBODY.into(),
        ..close
    };
    let outcome = service::bulk(conn, &owner, &solve, now()).await.unwrap();
    assert_eq!(outcome.changed, [first.number, third.number]);
    let solved = service::thread(conn, &owner, first.id, Utc::now())
        .await
        .unwrap()
        .ticket;
    assert_eq!((solved.status, solved.assignee_id), (Status::Solved, None));
    assert!(solved.solved_at.is_some());
    assert_eq!(solved.due.at, None);

    // The bulk work is one entry in the audit log each time.
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("ticket.bulk_update"))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(entries.len(), 3);
}
db_test!(picked_tickets_change_together_and_stale_ones_are_left);

async fn a_bulk_change_says_what_is_wrong_and_who_may_make_it(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let marketing = teammate(conn, &owner, "marketing@example.cn", Role::Marketing).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let ticket = service::create(conn, &owner, &asking(&zhang, "发票"), now())
        .await
        .unwrap();
    let picked = vec![seen(&ticket)];

    let nothing = service::bulk(conn, &owner, &BulkChange::default(), now())
        .await
        .unwrap_err();
    assert_eq!(nothing.field("picked"), [Invalid::Required]);
    assert_eq!(nothing.field("change"), [Invalid::Required]);
    let wrong = BulkChange {
        picked: picked.clone(),
        // Marketing does not work tickets, so a ticket cannot be given to them.
        assignee: marketing.user.id.to_string(),
        status: "fixed".into(),
        priority: "asap".into(),
    };
    let err = service::bulk(conn, &owner, &wrong, now())
        .await
        .unwrap_err();
    assert_eq!(err.field("assignee"), [Invalid::Choice]);
    assert_eq!(err.field("status"), [Invalid::Choice]);
    assert_eq!(err.field("priority"), [Invalid::Choice]);
    let too_many = BulkChange {
        picked: (0..101)
            .map(|i| Seen {
                id: uuid::Uuid::from_u128(i),
                version: 1,
            })
            .collect(),
        priority: "low".into(),
        ..BulkChange::default()
    };
    let err = service::bulk(conn, &owner, &too_many, now())
        .await
        .unwrap_err();
    assert_eq!(err.field("picked"), [Invalid::TooLong { max: 100 }]);

    let by_sales = BulkChange {
        picked,
        priority: "low".into(),
        ..BulkChange::default()
    };
    assert_eq!(
        service::bulk(conn, &sales, &by_sales, now()).await,
        Err(AppError::Forbidden)
    );
    let kept = service::thread(conn, &owner, ticket.id, Utc::now())
        .await
        .unwrap()
        .ticket;
    assert_eq!(kept.priority, Priority::Normal);
}
db_test!(a_bulk_change_says_what_is_wrong_and_who_may_make_it);
