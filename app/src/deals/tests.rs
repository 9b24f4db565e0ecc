//! Service tests of pipelines and deals, each on SQLite and on PostgreSQL.

use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::pipelines::service as pipelines;
use super::pipelines::types::{PipelineForm, StageForm};
use super::service;
use super::types::{Board, BoardQuery, Card, Move, NewDeal, StageKind, Whose};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::db_test;
use crate::duplicates::{merge, types::MergeForm};
use crate::error::{AppError, Invalid};

async fn board(conn: &DatabaseConnection, who: &Actor, query: &BoardQuery) -> Board {
    service::board(conn, who, query, Utc::now()).await.unwrap()
}

/// Titles per column, in board order.
fn titles(board: &Board) -> Vec<Vec<String>> {
    board
        .columns
        .iter()
        .map(|c| c.cards.iter().map(|d| d.title.clone()).collect())
        .collect()
}

fn stage(board: &Board, at: usize) -> Uuid {
    board.pipeline.stages[at].id
}

async fn add(
    conn: &DatabaseConnection,
    who: &Actor,
    stage_id: Uuid,
    title: &str,
    amount: &str,
) -> Card {
    let deal = NewDeal {
        title: title.into(),
        amount: amount.into(),
        stage_id,
        ..NewDeal::default()
    };
    service::create(conn, who, &deal).await.unwrap()
}

fn to(stage_id: Uuid, after: Option<&Card>, before: Option<&Card>) -> Move {
    Move {
        stage_id,
        after: after.map(|c| c.id),
        before: before.map(|c| c.id),
        reason: String::new(),
    }
}

async fn the_workspace_starts_with_a_pipeline_in_its_language(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let board = board(conn, &owner, &BoardQuery::default()).await;
    let names: Vec<&str> = board
        .pipeline
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["线索", "已确认需求", "方案报价", "商务谈判", "赢单", "输单"]
    );
    let kinds: Vec<StageKind> = board.pipeline.stages.iter().map(|s| s.kind).collect();
    assert_eq!(kinds[4..], [StageKind::Won, StageKind::Lost]);
    assert!(
        board
            .columns
            .iter()
            .all(|c| c.count == 0 && c.cards.is_empty())
    );
}
db_test!(the_workspace_starts_with_a_pipeline_in_its_language);

async fn cards_keep_the_order_they_were_put_in(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    let a = add(conn, &owner, lead, "A", "").await;
    let b = add(conn, &owner, lead, "B", "").await;
    let c = add(conn, &owner, lead, "C", "").await;
    // New deals go on top.
    assert_eq!(
        titles(&board(conn, &owner, &BoardQuery::default()).await)[0],
        ["C", "B", "A"]
    );
    // C between B and A, then A on top: only the moved card changes.
    service::move_deal(
        conn,
        &owner,
        c.id,
        c.version,
        &to(lead, Some(&b), Some(&a)),
        Utc::now(),
    )
    .await
    .unwrap();
    service::move_deal(
        conn,
        &owner,
        a.id,
        a.version,
        &to(lead, None, Some(&b)),
        Utc::now(),
    )
    .await
    .unwrap();
    let after = board(conn, &owner, &BoardQuery::default()).await;
    assert_eq!(titles(&after)[0], ["A", "B", "C"]);
    assert_eq!(after.columns[0].cards[1].version, b.version);
}
db_test!(cards_keep_the_order_they_were_put_in);

/// Ranks grow a digit every few cards put at one end of a column: a busy stage's ranks pass
/// 255 characters, which PostgreSQL once refused.
async fn a_busy_column_takes_long_ranks(conn: &DatabaseConnection) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let owner = owner(conn).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    let old = add(conn, &owner, lead, "Old", "").await;
    // The rank the top card has after some thousand cards were put on top of it.
    let worn = format!("{}i", "0".repeat(300));
    crate::deals::entity::deal::Entity::update_many()
        .col_expr(crate::deals::entity::deal::Column::Rank, Expr::value(worn))
        .filter(crate::deals::entity::deal::Column::Id.eq(old.id))
        .exec(conn)
        .await
        .unwrap();
    add(conn, &owner, lead, "New", "").await;
    let after = board(conn, &owner, &BoardQuery::default()).await;
    assert_eq!(titles(&after)[0], ["New", "Old"]);
}
db_test!(a_busy_column_takes_long_ranks);

async fn a_move_records_the_stage_and_a_stale_one_is_refused(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let first = board(conn, &owner, &BoardQuery::default()).await;
    let (lead, qualified, lost) = (stage(&first, 0), stage(&first, 1), stage(&first, 5));
    let deal = add(conn, &owner, lead, "年度维保合同", "12,000").await;
    assert_eq!(deal.amount.minor, 1_200_000);
    let moved = service::move_deal(
        conn,
        &owner,
        deal.id,
        deal.version,
        &to(qualified, None, None),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        (moved.stage_id, moved.version),
        (qualified, deal.version + 1)
    );

    // A second user who still holds version 1 moves it too: refused, with the deal as it is.
    let stale = service::move_deal(
        conn,
        &owner,
        deal.id,
        deal.version,
        &to(lead, None, None),
        Utc::now(),
    )
    .await;
    let Err(AppError::Conflict { current }) = stale else {
        panic!("{stale:?}")
    };
    assert_eq!(current["stage"]["id"], serde_json::json!(qualified));

    // Lost needs a reason; with one the deal closes.
    let no_reason = service::move_deal(
        conn,
        &owner,
        deal.id,
        moved.version,
        &to(lost, None, None),
        Utc::now(),
    )
    .await;
    assert_eq!(
        no_reason.unwrap_err(),
        AppError::invalid("reason", Invalid::Required)
    );
    let mut lose = to(lost, None, None);
    lose.reason = "预算取消".into();
    service::move_deal(conn, &owner, deal.id, moved.version, &lose, Utc::now())
        .await
        .unwrap();
    let closed = service::get(conn, &owner, deal.id).await.unwrap();
    assert_eq!(closed.status, StageKind::Lost);
    assert_eq!(closed.close_reason.as_deref(), Some("预算取消"));
    assert!(closed.closed_at.is_some());
    let history = service::history(conn, &owner, deal.id).await.unwrap();
    let path: Vec<(Option<&str>, &str)> = history
        .iter()
        .map(|h| (h.from.as_deref(), h.to.as_str()))
        .collect();
    assert_eq!(
        path,
        [
            (None, "线索"),
            (Some("线索"), "已确认需求"),
            (Some("已确认需求"), "输单")
        ]
    );
}
db_test!(a_move_records_the_stage_and_a_stale_one_is_refused);

async fn a_sales_rep_moves_only_their_own_deals(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let support = teammate(conn, &owner, "help@example.cn", Role::Support).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    let qualified = stage(&board(conn, &owner, &BoardQuery::default()).await, 1);
    let owners = add(conn, &owner, lead, "老板的商机", "").await;
    let reps = add(conn, &rep, lead, "销售的商机", "").await;
    let refused = service::move_deal(
        conn,
        &rep,
        owners.id,
        owners.version,
        &to(qualified, None, None),
        Utc::now(),
    )
    .await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    service::move_deal(
        conn,
        &rep,
        reps.id,
        reps.version,
        &to(qualified, None, None),
        Utc::now(),
    )
    .await
    .unwrap();
    // Support see the board but add nothing to it.
    assert_eq!(
        board(conn, &support, &BoardQuery::default()).await.columns[0].count,
        1
    );
    let deal = NewDeal {
        title: "x".into(),
        stage_id: lead,
        ..NewDeal::default()
    };
    assert_eq!(
        service::create(conn, &support, &deal).await.unwrap_err(),
        AppError::Forbidden
    );
    // "Mine" narrows the board to the rep's own deal.
    let mine = BoardQuery {
        whose: Some(Whose::Mine),
        ..BoardQuery::default()
    };
    assert_eq!(titles(&board(conn, &rep, &mine).await)[1], ["销售的商机"]);
    assert!(titles(&board(conn, &rep, &mine).await)[0].is_empty());
    // Unchosen, a rep's board is theirs and says so; the support agent's is everyone's.
    let unchosen = board(conn, &rep, &BoardQuery::default()).await;
    assert_eq!(unchosen.whose, Whose::Mine);
    assert_eq!(titles(&unchosen), titles(&board(conn, &rep, &mine).await));
    let everyone = BoardQuery {
        whose: Some(Whose::Everyone),
        ..BoardQuery::default()
    };
    assert_eq!(board(conn, &rep, &everyone).await.columns[0].count, 1);
    let theirs = board(conn, &support, &BoardQuery::default()).await;
    assert_eq!(theirs.whose, Whose::Everyone);
}
db_test!(a_sales_rep_moves_only_their_own_deals);

async fn totals_are_in_the_base_currency_at_the_rates_in_settings(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    let deal = |title: &str, amount: &str, currency: &str| NewDeal {
        title: title.into(),
        amount: amount.into(),
        currency: currency.into(),
        stage_id: lead,
        contact_id: None,
        id: None,
    };
    service::create(conn, &owner, &deal("人民币", "1000", ""))
        .await
        .unwrap();
    service::create(conn, &owner, &deal("dollars", "100", "USD"))
        .await
        .unwrap();
    let before = board(conn, &owner, &BoardQuery::default()).await;
    assert_eq!(before.columns[0].count, 2);
    assert_eq!(before.columns[0].total.minor, 100_000);
    assert_eq!(before.columns[0].total.unconverted, ["USD"]);

    crate::core::settings::rates::save(conn, &owner, "USD", "7.1")
        .await
        .unwrap();
    let after = board(conn, &owner, &BoardQuery::default()).await;
    assert_eq!(after.columns[0].total.minor, 100_000 + 71_000);
    assert!(after.columns[0].total.unconverted.is_empty());
    // Weighted at the lead stage's 10%.
    assert_eq!(
        super::types::weighted(&after.columns[0].stage, after.columns[0].total.minor),
        17_100
    );
    let bad = crate::core::settings::rates::save(conn, &owner, "CNY", "2").await;
    assert_eq!(
        bad.unwrap_err(),
        AppError::invalid("currency", Invalid::Choice)
    );
}
db_test!(totals_are_in_the_base_currency_at_the_rates_in_settings);

async fn the_board_searches_and_pages_each_column(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    for n in 0..55 {
        add(conn, &owner, lead, &format!("商机 {n:02}"), "1").await;
    }
    add(conn, &owner, lead, "Special Widget", "1").await;
    let full = board(conn, &owner, &BoardQuery::default()).await;
    assert_eq!(
        (
            full.columns[0].count,
            full.columns[0].cards.len(),
            full.columns[0].more
        ),
        (56, 50, true)
    );
    let last = full.columns[0].cards.last().unwrap().id;
    let rest = service::more(conn, &owner, &BoardQuery::default(), lead, last, Utc::now())
        .await
        .unwrap();
    assert_eq!((rest.cards.len(), rest.more), (6, false));
    let search = BoardQuery {
        q: "widget".into(),
        ..BoardQuery::default()
    };
    assert_eq!(
        titles(&board(conn, &owner, &search).await)[0],
        ["Special Widget"]
    );
    let bad = BoardQuery {
        close_from: "soon".into(),
        ..BoardQuery::default()
    };
    let refused = service::board(conn, &owner, &bad, Utc::now()).await;
    assert_eq!(
        refused.unwrap_err(),
        AppError::invalid("close_from", Invalid::Date)
    );
}
db_test!(the_board_searches_and_pages_each_column);

async fn won_and_lost_deals_leave_the_board_a_month_after_they_closed(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let won = stage(&board(conn, &owner, &BoardQuery::default()).await, 4);
    let deal = add(conn, &owner, won, "签约", "1").await;
    let now = Utc::now();
    assert_eq!(
        service::board(conn, &owner, &BoardQuery::default(), now)
            .await
            .unwrap()
            .columns[4]
            .count,
        1
    );
    let later = now + Duration::days(31);
    let board = service::board(conn, &owner, &BoardQuery::default(), later)
        .await
        .unwrap();
    assert_eq!(board.columns[4].count, 0);
    assert_eq!(
        service::get(conn, &owner, deal.id).await.unwrap().status,
        StageKind::Won
    );
}
db_test!(won_and_lost_deals_leave_the_board_a_month_after_they_closed);

fn stage_rows(pipeline: &super::types::Pipeline) -> Vec<StageForm> {
    pipeline
        .stages
        .iter()
        .map(|s| StageForm {
            id: s.id.to_string(),
            name: s.name.clone(),
            probability: s.probability.to_string(),
            kind: crate::core::code::TextCode::as_str(s.kind).to_owned(),
            rotting_days: s.rotting_days.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect()
}

async fn managers_arrange_stages_and_a_stage_with_deals_stays(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let pipeline = pipelines::all(conn).await.unwrap().remove(0);
    add(conn, &owner, pipeline.stages[0].id, "占用", "").await;
    let mut form = PipelineForm {
        id: Some(pipeline.id),
        version: pipeline.version,
        name: "渠道销售".into(),
        stages: stage_rows(&pipeline),
    };
    assert_eq!(
        pipelines::save(conn, &rep, &form).await.unwrap_err(),
        AppError::Forbidden
    );

    // The first stage holds a deal: it cannot go.
    let mut without_first = form.clone();
    without_first.stages.remove(0);
    let refused = pipelines::save(conn, &owner, &without_first).await;
    assert_eq!(
        refused.unwrap_err(),
        AppError::invalid("stages", Invalid::InUse)
    );

    // No lost stage: refused.
    let mut no_lost = form.clone();
    no_lost.stages.pop();
    assert_eq!(
        pipelines::save(conn, &owner, &no_lost).await.unwrap_err(),
        AppError::invalid("stages", Invalid::Stages)
    );

    // Add a stage after the first, drop the empty "Qualified", rename.
    form.stages.remove(1);
    form.stages.insert(
        1,
        StageForm {
            name: "演示".into(),
            probability: "40".into(),
            kind: "open".into(),
            ..StageForm::default()
        },
    );
    form.stages[0].probability = "101".into();
    let bad = pipelines::save(conn, &owner, &form).await.unwrap_err();
    assert_eq!(bad.field("stages.0.probability"), [Invalid::Choice]);
    form.stages[0].probability = "15".into();
    let saved = pipelines::save(conn, &owner, &form).await.unwrap();
    let names: Vec<&str> = saved.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["线索", "演示", "方案报价", "商务谈判", "赢单", "输单"]
    );
    assert_eq!(
        (saved.name.as_str(), saved.stages[0].probability),
        ("渠道销售", 15)
    );
    // The stage keeps its id, and so its deal.
    assert_eq!(saved.stages[0].id, pipeline.stages[0].id);
    // A second save from the same old version is a conflict.
    let stale = pipelines::save(conn, &owner, &form).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
}
db_test!(managers_arrange_stages_and_a_stage_with_deals_stays);

async fn a_merge_moves_deals_and_the_export_lists_them(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    let a = contacts::create(conn, &owner, &form("张伟")).await.unwrap();
    let b = contacts::create(conn, &owner, &form("张伟")).await.unwrap();
    let deal = NewDeal {
        title: "设备采购".into(),
        stage_id: lead,
        contact_id: Some(b.id),
        ..NewDeal::default()
    };
    let card = service::create(conn, &owner, &deal).await.unwrap();
    assert_eq!(card.contact_name.as_deref(), Some("张伟"));
    let merge_form = MergeForm {
        survivor: a.id,
        contacts: vec![a.id, b.id],
        versions: vec![a.version, b.version],
        choices: Default::default(),
    };
    let task = crate::deals::tasks::types::TaskForm {
        title: "回访".into(),
        due: "2026-12-01T10:00".into(),
        contact_id: Some(b.id),
        ..Default::default()
    };
    let task = crate::deals::tasks::service::create(conn, &owner, &task, Utc::now())
        .await
        .unwrap();
    merge::merge(conn, &owner, &merge_form, Utc::now())
        .await
        .unwrap();
    let tasks = crate::deals::tasks::service::of_record(conn, &owner, None, Some(a.id))
        .await
        .unwrap();
    assert_eq!(tasks.iter().map(|t| t.id).collect::<Vec<_>>(), [task.id]);
    assert_eq!(
        service::get(conn, &owner, card.id)
            .await
            .unwrap()
            .contact_id,
        Some(a.id)
    );
    let export = crate::privacy::service::subject(conn, &owner, a.id)
        .await
        .unwrap();
    assert_eq!(export["deals"][0]["title"], "设备采购");
}
db_test!(a_merge_moves_deals_and_the_export_lists_them);

async fn a_mention_and_a_new_owner_reach_the_teammate(conn: &DatabaseConnection) {
    use crate::notifications::service as notifications;
    use crate::notifications::types::NotificationKind;
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let lead = stage(&board(conn, &owner, &BoardQuery::default()).await, 0);
    let card = add(conn, &owner, lead, "展会物料", "").await;
    let now = Utc::now();
    let comments = super::comments::service::add;
    comments(
        conn,
        &owner,
        card.id,
        "@rep@example.cn 请跟进，@nobody",
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        comments(conn, &owner, card.id, "   ", now)
            .await
            .unwrap_err(),
        AppError::invalid("body", Invalid::Required)
    );
    let seen = notifications::list(conn, &rep).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].kind, NotificationKind::Mention);
    assert_eq!(seen[0].actor_name.as_deref(), Some("王芳"));
    assert!(seen[0].excerpt.contains("请跟进"));
    assert!(notifications::list(conn, &owner).await.unwrap().is_empty());

    // Giving the deal to the rep tells them too.
    let deal = service::get(conn, &owner, card.id).await.unwrap();
    let form = super::types::DealForm {
        title: deal.title.clone(),
        amount: "0".into(),
        currency: "CNY".into(),
        owner_id: rep.user.id.to_string(),
        ..Default::default()
    };
    service::update(conn, &owner, card.id, deal.version, &form)
        .await
        .unwrap();
    let badges = notifications::unread(conn, &rep).await.unwrap();
    assert_eq!(badges, 2);
    assert_eq!(
        notifications::list(conn, &rep).await.unwrap()[0].kind,
        NotificationKind::Assigned
    );
    notifications::read_all(conn, &rep, now).await.unwrap();
    assert_eq!(notifications::unread(conn, &rep).await.unwrap(), 0);
    let thread = super::comments::service::list(conn, &rep, card.id)
        .await
        .unwrap();
    assert_eq!(thread.len(), 1);
}
db_test!(a_mention_and_a_new_owner_reach_the_teammate);

async fn the_forecast_adds_up_as_by_hand(conn: &DatabaseConnection) {
    use analytics::forecast::Month;
    let owner = owner(conn).await;
    let now = Utc::now();
    let stages = board(conn, &owner, &BoardQuery::default())
        .await
        .pipeline
        .stages;
    let (lead, qualified, proposal, won, lost) = (
        stages[0].id,
        stages[1].id,
        stages[2].id,
        stages[4].id,
        stages[5].id,
    );
    let shanghai = chrono_tz::Asia::Shanghai;
    let local = now.with_timezone(&shanghai);
    let this_month = Month {
        year: chrono::Datelike::year(&local),
        month: chrono::Datelike::month(&local),
    };
    // The 15th of the month `back` months ago, at noon in Shanghai.
    let mid = |back: u32| {
        let m = this_month.back(back);
        chrono::NaiveDate::from_ymd_opt(m.year, m.month, 15)
            .unwrap()
            .and_hms_opt(4, 0, 0)
            .unwrap()
            .and_utc()
    };
    let close = |title: &'static str, amount: &'static str, to: Uuid, at| {
        let owner = &owner;
        async move {
            let card = add(conn, owner, lead, title, amount).await;
            let mut m = super::types::Move {
                stage_id: to,
                ..Default::default()
            };
            m.reason = "预算".into();
            service::move_deal(conn, owner, card.id, card.version, &m, at)
                .await
                .unwrap();
        }
    };
    // Won 0, 100, …, 600 in the seven whole months before this one; one more this month,
    // which the history leaves out; one lost.
    for back in 1..=7_u32 {
        let amount = ["600", "500", "400", "300", "200", "100", "0"][back as usize - 1];
        close("won", amount, won, mid(back)).await;
    }
    close("won now", "999", won, now).await;
    close("lost", "50", lost, mid(2)).await;

    // Open: 1,000.00 closing next month at 50%, 2,000.00 without a date at 10%.
    let a = add(conn, &owner, lead, "A", "1000").await;
    service::move_deal(
        conn,
        &owner,
        a.id,
        a.version,
        &to(proposal, None, None),
        now,
    )
    .await
    .unwrap();
    let next = this_month.next();
    let form = super::types::DealForm {
        title: "A".into(),
        amount: "1000".into(),
        currency: "CNY".into(),
        expected_close: format!("{}-{:02}-10", next.year, next.month),
        owner_id: owner.user.id.to_string(),
        ..Default::default()
    };
    let version = service::get(conn, &owner, a.id).await.unwrap().version;
    service::update(conn, &owner, a.id, version, &form)
        .await
        .unwrap();
    add(conn, &owner, lead, "B", "2000").await;
    // A deal three days in Lead, then five in Qualified.
    let c = add(conn, &owner, lead, "C", "0").await;
    let c = service::move_deal(
        conn,
        &owner,
        c.id,
        c.version,
        &to(qualified, None, None),
        now + Duration::days(3),
    )
    .await
    .unwrap();
    service::move_deal(
        conn,
        &owner,
        c.id,
        c.version,
        &to(proposal, None, None),
        now + Duration::days(8),
    )
    .await
    .unwrap();

    let f = service::forecast(conn, &owner, None, now + Duration::days(8))
        .await
        .unwrap();
    let months: Vec<(Option<Month>, i64, i64)> = f
        .months
        .iter()
        .map(|m| (m.month, m.total, m.weighted))
        .collect();
    assert_eq!(
        months,
        [(Some(next), 100_000, 50_000), (None, 200_000 + 0, 20_000)]
    );
    let p = f.projection.unwrap();
    assert_eq!(p.history.len(), 7);
    assert_eq!(p.history[0], (this_month.back(7), 0));
    assert_eq!(p.ahead[0], (this_month, 70_000));
    assert_eq!(p.mean_absolute_error, 0);
    assert_eq!((f.won, f.lost), (8, 1));
    let lead_days = f
        .stage_days
        .iter()
        .find(|(name, _, _)| name == "线索")
        .unwrap();
    let qualified_days = f
        .stage_days
        .iter()
        .find(|(name, _, _)| name == "已确认需求")
        .unwrap();
    assert!(
        (qualified_days.1 - 5.0).abs() < 0.01 && qualified_days.2 == 1,
        "{qualified_days:?}"
    );
    assert!(lead_days.2 >= 1, "{lead_days:?}");
    // Twelve deals this year: eight won, the lost one and B never left Lead, A skipped
    // Qualified (passing it all the same) and C walked to Proposal.
    let names: Vec<&str> = f.funnel.iter().map(|(name, _)| name.as_str()).collect();
    let expected: Vec<&str> = [0, 1, 2, 3, 4].map(|i| stages[i].name.as_str()).into();
    assert_eq!(names, expected);
    let counts: Vec<u32> = f.funnel.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [12, 10, 10, 8, 8]);
}
db_test!(the_forecast_adds_up_as_by_hand);
