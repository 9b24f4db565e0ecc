//! Service tests of the dashboards' reads, each on SQLite and on PostgreSQL.

use sea_orm::DatabaseConnection;

use super::service::alike;
use crate::customers::service as contacts;
use crate::customers::tests::{bought, customer, form, owner};

async fn the_most_alike_customers_are_those_who_buy_alike(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let steady = customer(conn, &owner, "稳定", "").await;
    bought(conn, &owner, &steady, &[2, 30, 60, 90, 120, 150], 2_000).await;
    let twin = customer(conn, &owner, "相似", "").await;
    bought(conn, &owner, &twin, &[5, 33, 62, 95, 121, 149], 2_100).await;
    let once = customer(conn, &owner, "一次", "").await;
    bought(conn, &owner, &once, &[300], 90).await;
    for i in 0..8 {
        let c = customer(conn, &owner, &format!("其他{i}"), "").await;
        bought(conn, &owner, &c, &[20 + 30 * i, 200], 400 + 100 * i as u32).await;
    }
    let lead = contacts::create(conn, &owner, &form("线索")).await.unwrap();

    let near = alike(conn, &owner, steady.id).await.unwrap();
    assert_eq!(near.len(), 5);
    assert_eq!(near[0].customer.name, "相似", "{near:?}");
    assert!(near.windows(2).all(|w| w[0].distance <= w[1].distance));
    assert!(near.iter().all(|a| a.customer.id != steady.id));
    assert!(near.iter().all(|a| a.customer.name != "一次"));
    assert!(
        alike(conn, &owner, lead.id).await.unwrap().is_empty(),
        "no orders, nothing to compare"
    );
}
crate::db_test!(the_most_alike_customers_are_those_who_buy_alike);
