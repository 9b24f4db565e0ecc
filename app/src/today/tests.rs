//! Service tests of Today, each on SQLite and on PostgreSQL.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
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

/// Makes `stage` rot after three days, and puts `deal` in it ten days before `now`.
async fn stall(conn: &DatabaseConnection, stage: Uuid, deal: Uuid, now: DateTime<Utc>) {
    stage::Entity::update_many()
        .col_expr(stage::Column::RottingDays, Expr::value(3))
        .filter(stage::Column::Id.eq(stage))
        .exec(conn)
        .await
        .unwrap();
    deal::Entity::update_many()
        .col_expr(
            deal::Column::StageEnteredAt,
            Expr::value(now - Duration::days(10)),
        )
        .filter(deal::Column::Id.eq(deal))
        .exec(conn)
        .await
        .unwrap();
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
    stall(conn, lead.id, slow, now).await;
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
    let called = customer(conn, &rep, "新客户乙", "").await;
    let call = crate::customers::history::types::InteractionForm {
        kind: "call".into(),
        ..Default::default()
    };
    crate::customers::history::service::log(conn, &rep, called.id, &call, now)
        .await
        .unwrap();

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
    let theirs = mine.selling.unwrap();
    assert_eq!(titles(&theirs.closing), ["本月签约"]);
    assert_eq!(titles(&theirs.stalled), ["停滞的单"]);
    assert_eq!(theirs.stages.len(), 1);
    assert_eq!(theirs.stages[0].id, lead.id);
    let names: Vec<&str> = theirs.called.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["新客户乙"]);
    assert!(mine.tickets.is_none() && mine.figures.is_none());

    // An agent: tickets, no deals, no figures.
    let desk = today(conn, &agent, now).await.unwrap();
    assert!(desk.selling.is_none() && desk.figures.is_none());
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

async fn the_digest_goes_once_a_day_at_the_chosen_hour_with_what_is_due(conn: &DatabaseConnection) {
    use crate::core::events::{Digest, Event};
    use crate::core::outbox;
    use crate::today::digest::{mail, queue_due};
    use chrono::TimeZone;

    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let quiet = teammate(conn, &owner, "quiet@example.cn", Role::Sales).await;
    let off = teammate(conn, &owner, "off@example.cn", Role::Sales).await;
    crate::auth::service::set_digest_hour(conn, &off, "")
        .await
        .unwrap();
    let refused = crate::auth::service::set_digest_hour(conn, &quiet, "24").await;
    assert_eq!(
        refused.unwrap_err().field("hour"),
        [crate::error::Invalid::Choice]
    );
    crate::auth::service::set_digest_hour(conn, &quiet, "7")
        .await
        .unwrap();
    let shanghai = chrono_tz::Asia::Shanghai;
    let day = Utc::now().with_timezone(&shanghai).date_naive() + Days::new(1);
    let at = |day: NaiveDate, hour| {
        shanghai
            .from_local_datetime(&day.and_hms_opt(hour, 30, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc)
    };
    let form = TaskForm {
        title: "回访老客户".into(),
        due: format!("{day}T06:00"),
        assignee_id: rep.user.id.to_string(),
        ..TaskForm::default()
    };
    tasks::create(conn, &owner, &form, at(day, 5))
        .await
        .unwrap();
    let stages = deals::board(conn, &owner, &BoardQuery::default(), Utc::now())
        .await
        .unwrap()
        .pipeline
        .stages;
    let slow = deal(conn, &rep, stages[0].id, "停滞的单", "300", None).await;
    stall(conn, stages[0].id, slow, at(day, 8)).await;

    // At 06:30 nobody's hour has come; at 07:30 the one who chose seven; at 08:30 the rest,
    // but not who turned it off; then nobody again that day, and everyone the next.
    assert_eq!(queue_due(conn, at(day, 6)).await.unwrap(), 0);
    assert_eq!(queue_due(conn, at(day, 7)).await.unwrap(), 1);
    assert_eq!(queue_due(conn, at(day, 8)).await.unwrap(), 2);
    assert_eq!(queue_due(conn, at(day, 22)).await.unwrap(), 0);
    let digests: Vec<Digest> = outbox::entity::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|row| match Event::read(&row.topic, &row.payload) {
            Ok(Event::DigestMail(digest)) => Some(digest),
            _ => None,
        })
        .collect();
    let mut whose: Vec<Uuid> = digests.iter().map(|d| d.user).collect();
    whose.sort();
    let mut expected = vec![owner.user.id, rep.user.id, quiet.user.id];
    expected.sort();
    assert_eq!(whose, expected);
    assert!(digests.iter().all(|d| d.day == day));
    // A new hour takes effect the same day; saving the same hour again changes nothing.
    crate::auth::service::set_digest_hour(conn, &quiet, "7")
        .await
        .unwrap();
    assert_eq!(queue_due(conn, at(day, 23)).await.unwrap(), 0);
    crate::auth::service::set_digest_hour(conn, &quiet, "22")
        .await
        .unwrap();
    assert_eq!(queue_due(conn, at(day, 21)).await.unwrap(), 0);
    assert_eq!(queue_due(conn, at(day, 22)).await.unwrap(), 1);
    assert_eq!(queue_due(conn, at(day, 23)).await.unwrap(), 0);
    assert_eq!(queue_due(conn, at(day + Days::new(1), 9)).await.unwrap(), 2);

    // The rep's says what is due and what stalled, in their workspace's language; those with
    // nothing to do get none.
    let of = |user: Uuid| Digest { user, day };
    let url = "https://crm.example.cn";
    let sent = mail(conn, of(rep.user.id), url, "example.cn", at(day, 8))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.to_email, "rep@example.cn");
    assert_eq!(sent.subject, "到期任务：1 · 停滞商机：1");
    assert!(sent.text.contains("回访老客户"), "{}", sent.text);
    assert!(
        sent.text
            .contains(&format!("停滞的单 · 线索 · 10 天 · {url}/deals/{slow}")),
        "{}",
        sent.text
    );
    assert!(sent.text.contains(&format!("{url}/account")));
    assert_eq!(
        sent.message_id,
        format!("digest-{}-{day}@example.cn", rep.user.id)
    );
    for nothing in [owner.user.id, quiet.user.id] {
        assert_eq!(
            mail(conn, of(nothing), url, "example.cn", at(day, 8))
                .await
                .unwrap(),
            None
        );
    }
}
db_test!(the_digest_goes_once_a_day_at_the_chosen_hour_with_what_is_due);
