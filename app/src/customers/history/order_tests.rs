//! Service tests of orders as an ERP sends and changes them, each on SQLite and PostgreSQL.

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::orders::{PAGE_SIZE, add_order, change_order, get_order, list_orders};
use super::service::totals;
use super::types::{Order, OrderChange, OrderForm, OrderLineForm, OrderQuery, OrderStatus};
use crate::core::actor::{Actor, Role};
use crate::core::{audit, outbox};
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

fn line(description: &str, quantity: &str, unit_amount: &str) -> OrderLineForm {
    OrderLineForm {
        description: description.into(),
        quantity: quantity.into(),
        unit_amount: unit_amount.into(),
    }
}

/// An order as an ERP sends it: its own id, no number, no amount, two lines.
fn erp_order(external_id: &str) -> OrderForm {
    OrderForm {
        external_id: external_id.into(),
        ordered_on: "2026-12-01".into(),
        status: "paid".into(),
        lines: vec![
            line("Oolong, 500 g", "3", "120.50"),
            line("Cups", "2", "40"),
        ],
        ..OrderForm::default()
    }
}

fn status(to: &str) -> OrderChange {
    OrderChange {
        status: Some(to.into()),
        note: None,
    }
}

async fn revenue(conn: &DatabaseConnection, owner: &Actor, order: &Order) -> i64 {
    let contact = order.contact_id.unwrap();
    let sums = totals(conn, owner, contact).await.unwrap();
    sums.revenue.iter().map(|m| m.minor).sum()
}

async fn an_erp_order_is_numbered_totalled_and_kept_with_its_lines(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contacts::create(conn, &owner, &form("张伟")).await.unwrap();
    let order = add_order(conn, &owner, zhang.id, &erp_order("ERP-1"), Utc::now())
        .await
        .unwrap();
    // Shanghai's first of December, in the workspace's currency.
    assert!(order.number.starts_with("20261201-"), "{}", order.number);
    assert_eq!(order.external_id.as_deref(), Some("ERP-1"));
    assert_eq!(order.amount.minor, 3 * 12_050 + 2 * 4_000);
    assert_eq!(order.amount.currency, "CNY");
    assert_eq!(order.version, 1);
    let read = get_order(conn, &owner, order.id).await.unwrap();
    assert_eq!(read, order);
    let lines: Vec<(&str, i32, i64)> = read
        .lines
        .iter()
        .map(|l| (l.description.as_str(), l.quantity, l.unit_amount.minor))
        .collect();
    assert_eq!(lines, [("Oolong, 500 g", 3, 12_050), ("Cups", 2, 4_000)]);
    assert_eq!(revenue(conn, &owner, &order).await, order.amount.minor);

    let events = outbox::entity::Entity::find().all(conn).await.unwrap();
    assert!(events.iter().any(|e| e.topic == "order.created"));
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "order.create" && e.record_id == Some(order.id))
    );

    // The same ERP id again is the same order, whatever number it shows now.
    let mut again = erp_order("ERP-1");
    again.number = "SO-77".into();
    let taken = add_order(conn, &owner, zhang.id, &again, Utc::now()).await;
    assert_eq!(taken.unwrap_err().field("external_id"), [Invalid::Taken]);
    let mut same_number = erp_order("ERP-2");
    same_number.number = order.number.clone();
    let taken = add_order(conn, &owner, zhang.id, &same_number, Utc::now()).await;
    assert_eq!(taken.unwrap_err().field("number"), [Invalid::Taken]);

    // A line refused is named, and nothing is written.
    let mut broken = erp_order("ERP-3");
    broken.lines.push(line("Tray", "-1", "10"));
    let refused = add_order(conn, &owner, zhang.id, &broken, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        refused.field("lines[2].quantity"),
        [Invalid::Range {
            min: 1,
            max: 1_000_000
        }]
    );
    let page = list_orders(conn, &owner, &OrderQuery::default())
        .await
        .unwrap();
    assert_eq!(page.orders.len(), 1);
}
db_test!(an_erp_order_is_numbered_totalled_and_kept_with_its_lines);

async fn a_refund_or_a_cancellation_takes_the_order_out_of_revenue(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contacts::create(conn, &owner, &form("张伟")).await.unwrap();
    let now = Utc::now();
    let order = add_order(conn, &owner, zhang.id, &erp_order("ERP-1"), now)
        .await
        .unwrap();
    let refunded = change_order(conn, &owner, order.id, &status("refunded"), 1, now)
        .await
        .unwrap();
    assert_eq!(refunded.status, OrderStatus::Refunded);
    assert_eq!(refunded.version, 2);
    assert_eq!(refunded.lines, order.lines, "the lines stay");
    assert_eq!(revenue(conn, &owner, &order).await, 0);
    let events = outbox::entity::Entity::find().all(conn).await.unwrap();
    assert!(events.iter().any(|e| e.topic == "order.updated"));
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "order.update" && e.record_id == Some(order.id))
        .expect("the change is in the audit log");
    let changes = entry.changes.as_ref().unwrap();
    assert_eq!(changes["status"], serde_json::json!(["paid", "refunded"]));

    // A refunded order stays refunded; a stale change is a conflict with the order as it is.
    let back = change_order(conn, &owner, order.id, &status("paid"), 2, now).await;
    assert_eq!(back.unwrap_err().field("status"), [Invalid::Transition]);
    let stale = change_order(conn, &owner, order.id, &status("refunded"), 1, now).await;
    assert!(
        matches!(stale, Err(AppError::Conflict { ref current }) if current["status"] == "refunded"),
        "{stale:?}"
    );

    let pending = OrderForm {
        status: "pending".into(),
        ..erp_order("ERP-2")
    };
    let pending = add_order(conn, &owner, zhang.id, &pending, now)
        .await
        .unwrap();
    let note = OrderChange {
        status: Some("cancelled".into()),
        note: Some("Out of stock".into()),
    };
    let cancelled = change_order(conn, &owner, pending.id, &note, 1, now)
        .await
        .unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.note.as_deref(), Some("Out of stock"));
    let shown = list_orders(
        conn,
        &owner,
        &OrderQuery {
            status: Some("cancelled".into()),
            ..OrderQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(shown.orders, [cancelled]);

    // Support sees orders but does not change them.
    let desk = teammate(conn, &owner, "desk@example.cn", Role::Support).await;
    assert!(get_order(conn, &desk, order.id).await.is_ok());
    let refused = change_order(conn, &desk, pending.id, &status("paid"), 2, now).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    let paid = status("paid");
    let missing = change_order(conn, &owner, uuid::Uuid::now_v7(), &paid, 1, now);
    assert_eq!(missing.await.unwrap_err(), AppError::NotFound);
}
db_test!(a_refund_or_a_cancellation_takes_the_order_out_of_revenue);

async fn pages_of_orders_neither_repeat_nor_skip_while_orders_arrive(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = contacts::create(conn, &owner, &form("张伟")).await.unwrap();
    let wang = contacts::create(conn, &owner, &form("王芳")).await.unwrap();
    let mut made = Vec::new();
    for i in 0..PAGE_SIZE + 3 {
        let who = if i % 2 == 0 { zhang.id } else { wang.id };
        let form = erp_order(&format!("E-{i}"));
        let order = add_order(conn, &owner, who, &form, Utc::now());
        made.push(order.await.unwrap().id);
    }
    let first = list_orders(conn, &owner, &OrderQuery::default())
        .await
        .unwrap();
    assert_eq!(first.orders.len() as u64, PAGE_SIZE);
    assert_eq!(
        first.orders[0].id,
        *made.last().unwrap(),
        "the newest first"
    );
    assert_eq!(first.orders[0].lines.len(), 2, "each with its lines");
    // An order arrives between two pages: it is on the first page of a new reading only.
    add_order(conn, &owner, zhang.id, &erp_order("E-late"), Utc::now())
        .await
        .unwrap();
    let second = list_orders(
        conn,
        &owner,
        &OrderQuery {
            after: first.next.clone(),
            ..OrderQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(second.next, None);
    let mut seen: Vec<_> = first
        .orders
        .iter()
        .chain(&second.orders)
        .map(|o| o.id)
        .collect();
    seen.reverse();
    assert_eq!(seen, made);

    let by_id = OrderQuery {
        external_id: Some("E-7".into()),
        ..OrderQuery::default()
    };
    let found = list_orders(conn, &owner, &by_id).await.unwrap();
    assert_eq!(found.orders.len(), 1);
    assert_eq!(found.orders[0].id, made[7]);
    let wangs = OrderQuery {
        contact_id: Some(wang.id),
        ..OrderQuery::default()
    };
    let wangs = list_orders(conn, &owner, &wangs).await.unwrap();
    assert!(wangs.orders.iter().all(|o| o.contact_id == Some(wang.id)));
    assert_eq!(wangs.orders.len() as u64, (PAGE_SIZE + 3) / 2);
    let bad = OrderQuery {
        status: Some("lost".into()),
        ..OrderQuery::default()
    };
    let bad = list_orders(conn, &owner, &bad).await.unwrap_err();
    assert_eq!(bad.field("status"), [Invalid::Choice]);
}
db_test!(pages_of_orders_neither_repeat_nor_skip_while_orders_arrive);
