//! Service tests of the dashboards' reads, each on SQLite and on PostgreSQL.

use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::service::alike;
use crate::core::actor::Role;
use crate::core::memo::Memo;
use crate::core::settings;
use crate::customers::service as contacts;
use crate::customers::tests::{bought, customer, form, owner, teammate};
use crate::customers::types::ContactForm;

async fn the_most_alike_customers_are_those_who_buy_alike(conn: &DatabaseConnection) {
    let memo = Memo::default();
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

    let near = alike(conn, &memo, &owner, steady.id).await.unwrap();
    assert_eq!(near.len(), 5);
    assert_eq!(near[0].customer.name, "相似", "{near:?}");
    assert!(near.windows(2).all(|w| w[0].distance <= w[1].distance));
    assert!(near.iter().all(|a| a.customer.id != steady.id));
    assert!(near.iter().all(|a| a.customer.name != "一次"));
    assert!(
        alike(conn, &memo, &owner, lead.id)
            .await
            .unwrap()
            .is_empty(),
        "no orders, nothing to compare"
    );

    // The kept table is made again once orders change: the lead buys as the steady one does.
    bought(conn, &owner, &lead, &[2, 30, 60, 90, 120, 150], 2_000).await;
    let near = alike(conn, &memo, &owner, steady.id).await.unwrap();
    assert_eq!(near[0].customer.id, lead.id, "{near:?}");
    assert!(near[0].distance.abs() < 1e-12, "{near:?}");
    assert_eq!(near[1].customer.name, "相似");

    // An archived customer is no longer offered, though their orders still count.
    let lead = contacts::get(conn, &owner, lead.id).await.unwrap();
    contacts::set_archived(conn, &owner, lead.id, lead.version, true)
        .await
        .unwrap();
    let near = alike(conn, &memo, &owner, steady.id).await.unwrap();
    assert_eq!(near[0].customer.name, "相似", "{near:?}");
    assert_eq!(near.len(), 5);
}
crate::db_test!(the_most_alike_customers_are_those_who_buy_alike);

/// Where sales see only their own, a rep is offered only their own customers, and nothing for
/// a customer not theirs.
async fn a_rep_is_offered_only_whom_they_may_see(conn: &DatabaseConnection) {
    let memo = Memo::default();
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    settings::entity::Entity::update_many()
        .col_expr(
            settings::entity::Column::RestrictSalesToTeam,
            Expr::value(true),
        )
        .exec(conn)
        .await
        .unwrap();
    let of_rep = |name: &str| ContactForm {
        owner_id: rep.user.id.to_string(),
        ..form(name)
    };
    let theirs = contacts::create(conn, &owner, &of_rep("代表的"))
        .await
        .unwrap();
    bought(conn, &owner, &theirs, &[10, 40, 70], 1_000).await;
    let also = contacts::create(conn, &owner, &of_rep("代表的另一位"))
        .await
        .unwrap();
    bought(conn, &owner, &also, &[300], 50).await;
    let mut nearer = Vec::new();
    // More than the first look takes, so the rep's one is found on asking again.
    for i in 0..45 {
        let c = customer(conn, &owner, &format!("老板的{i}"), "").await;
        bought(conn, &owner, &c, &[11 + i, 41, 71], 1_000 + 10 * i as u32).await;
        nearer.push(c);
    }

    let near = alike(conn, &memo, &rep, theirs.id).await.unwrap();
    assert_eq!(
        near.iter().map(|a| a.customer.id).collect::<Vec<_>>(),
        vec![also.id],
        "45 nearer customers are not theirs to see"
    );
    let owners = alike(conn, &memo, &owner, theirs.id).await.unwrap();
    assert_eq!(owners.len(), 5);
    assert!(
        owners.iter().all(|a| a.customer.id != also.id),
        "{owners:?}"
    );
    assert!(
        alike(conn, &memo, &rep, nearer[0].id)
            .await
            .unwrap()
            .is_empty()
    );
}
crate::db_test!(a_rep_is_offered_only_whom_they_may_see);
