//! Service tests of Today, each on SQLite and on PostgreSQL.

use chrono::{Days, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::service::today;
use crate::core::actor::{Actor, Role};
use crate::customers::tests::{customer, owner, teammate};
use crate::db_test;
use crate::deals::entity::{deal, stage};
use crate::deals::service as deals;
use crate::deals::tasks::service as tasks;
use crate::deals::tasks::types::TaskForm;
use crate::deals::types::{BoardQuery, DealForm, Move, NewDeal, weighted};

/// A deal of `who`'s, expected to close on `closes` if given.
async fn deal(
    conn: &DatabaseConnection,
    who: &Actor,
    stage_id: Uuid,
    title: &str,
    amount: &str,
    closes: Option<NaiveDate>,
) -> Uuid {
    let new = NewDeal {
        title: title.into(),
        amount: amount.into(),
        stage_id,
        ..NewDeal::default()
    };
    let card = deals::create(conn, who, &new).await.unwrap();
    if let Some(day) = closes {
        let form = DealForm {
            title: title.into(),
            amount: amount.into(),
            currency: "CNY".into(),
            expected_close: day.to_string(),
            owner_id: who.user.id.to_string(),
            ..DealForm::default()
        };
        deals::update(conn, who, card.id, card.version, &form)
            .await
            .unwrap();
    }
    card.id
}

async fn each_person_sees_their_own_work_and_the_owner_the_figures(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let other = teammate(conn, &owner, "other@example.cn", Role::Sales).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let now = Utc::now();
    let stages = deals::board(conn, &owner, &BoardQuery::default(), now)
        .await
        .unwrap()
        .pipeline
        .stages;
    let (lead, qualified, won) = (&stages[0], &stages[1], &stages[4]);
    let day = now.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    deal(conn, &rep, qualified.id, "本月签约", "1000", Some(day)).await;
    deal(
        conn,
        &rep,
        qualified.id,
        "明年再谈",
        "500",
        Some(day + Days::new(400)),
    )
    .await;
    deal(conn, &other, qualified.id, "别人的单", "700", Some(day)).await;
    let slow = deal(conn, &rep, lead.id, "停滞的单", "300", None).await;
    // The first stage rots after three days; the slow deal has sat there for ten.
    stage::Entity::update_many()
        .col_expr(stage::Column::RottingDays, Expr::value(3))
        .filter(stage::Column::Id.eq(lead.id))
        .exec(conn)
        .await
        .unwrap();
    deal::Entity::update_many()
        .col_expr(
            deal::Column::StageEnteredAt,
            Expr::value(now - Duration::days(10)),
        )
        .filter(deal::Column::Id.eq(slow))
        .exec(conn)
        .await
        .unwrap();
    let sold = deal(conn, &owner, lead.id, "已赢", "2500", None).await;
    let to_won = Move {
        stage_id: won.id,
        ..Move::default()
    };
    deals::move_deal(conn, &owner, sold, 1, &to_won, now)
        .await
        .unwrap();
    let task = |title: &str, due: chrono::DateTime<Utc>, who: &Actor| TaskForm {
        title: title.into(),
        due: due
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        assignee_id: who.user.id.to_string(),
        ..TaskForm::default()
    };
    for (title, due, who) in [
        ("回电话", now - Duration::hours(3), &rep),
        ("下周拜访", now + Duration::days(8), &rep),
        ("别人的任务", now - Duration::hours(3), &other),
    ] {
        tasks::create(conn, &owner, &task(title, due, who), now)
            .await
            .unwrap();
    }
    customer(conn, &owner, "新客户甲", "").await;
    customer(conn, &rep, "新客户乙", "").await;

    // A rep: their due tasks and their deals; no tickets, no figures.
    let mine = today(conn, &rep, now).await.unwrap();
    let titles = |list: &[_]| -> Vec<String> {
        list.iter()
            .map(|c: &crate::deals::types::Card| c.title.clone())
            .collect()
    };
    assert_eq!(
        mine.tasks
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["回电话"]
    );
    let theirs = mine.deals.unwrap();
    assert_eq!(titles(&theirs.closing), ["本月签约"]);
    assert_eq!(titles(&theirs.stalled), ["停滞的单"]);
    assert_eq!(theirs.stages.len(), 1);
    assert_eq!(theirs.stages[0].id, lead.id);
    assert!(mine.tickets.is_none() && mine.figures.is_none());

    // An agent: tickets, no deals, no figures.
    let desk = today(conn, &agent, now).await.unwrap();
    assert!(desk.deals.is_none() && desk.figures.is_none());
    assert!(desk.tickets.is_some_and(|t| t.rows.is_empty() && !t.more));

    // The owner: the figures, as by hand.
    let figures = today(conn, &owner, now).await.unwrap().figures.unwrap();
    assert_eq!(figures.currency, "CNY");
    assert_eq!(figures.won.map(|t| t.minor), [250_000, 0, 0]);
    assert_eq!(figures.pipeline.minor, 250_000);
    let by_hand = weighted(qualified, 220_000) + weighted(lead, 30_000);
    assert_eq!(figures.weighted, by_hand);
    assert_eq!(figures.new_customers, [2, 0]);
    assert_eq!(figures.open_tickets, 0);
    assert_eq!(figures.satisfied, None);
}
db_test!(each_person_sees_their_own_work_and_the_owner_the_figures);
