//! Service tests of automation rules, each on SQLite and on PostgreSQL: the three
//! rules firing exactly once however often their event is handled, a failed rule retried and
//! visible in its run log, and the form's refusals.

use std::collections::HashMap;

use chrono::{TimeDelta, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::service::{self, run};
use super::types::{Condition, Failure, Outcome, Rule, RuleForm, RunStatus, Skip, Trigger};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::core::code::TextCode;
use crate::core::events::{Event, topics};
use crate::core::outbox::{Stored, entity as outbox_entity};
use crate::customers::segments::entity::{segment, segment_member};
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::ContactForm;
use crate::db_test;
use crate::deals::service as deals;
use crate::deals::tasks::entity as task;
use crate::deals::types::{BoardQuery, Move, NewDeal};
use crate::error::{AppError, Invalid};
use crate::web_forms::{service as web_forms, types::WebFormForm};

const DOMAIN: &str = "mail.example.cn";

async fn save(conn: &DatabaseConnection, who: &Actor, form: RuleForm) -> Rule {
    service::save(conn, who, &form, Utc::now()).await.unwrap()
}

fn rule(name: &str, trigger: Trigger) -> RuleForm {
    RuleForm {
        name: name.into(),
        trigger: trigger.as_str().into(),
        enabled: Some("on".into()),
        ..RuleForm::default()
    }
}

/// The outbox's events of `topic`, as the worker would be handed them.
async fn events(conn: &DatabaseConnection, topic: &str) -> Vec<Stored> {
    outbox_entity::Entity::find()
        .filter(outbox_entity::Column::Topic.eq(topic))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(Stored::from)
        .collect()
}

/// Handles the event twice, as a retry after a crash would: the second time does nothing.
async fn handle_twice(conn: &DatabaseConnection, event: &Stored) {
    for _ in 0..2 {
        assert_eq!(run::handle(conn, event, Utc::now()).await.unwrap(), 0);
    }
}

async fn members(conn: &DatabaseConnection, list: Uuid) -> Vec<Uuid> {
    segment_member::Entity::find()
        .filter(segment_member::Column::SegmentId.eq(list))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.contact_id)
        .collect()
}

async fn tasks_titled(conn: &DatabaseConnection, title: &str) -> Vec<task::Model> {
    task::Entity::find()
        .filter(task::Column::Title.eq(title))
        .all(conn)
        .await
        .unwrap()
}

async fn a_won_deal_adds_its_contact_to_customers_and_a_follow_up_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let saved = save(
        conn,
        &owner,
        RuleForm {
            list: "Customers".into(),
            task_title: "回访 {{name}}：{{deal}}".into(),
            task_days: "30".into(),
            ..rule("Won → customers", Trigger::DealWon)
        },
    )
    .await;
    assert_eq!(saved.list_name.as_deref(), Some("Customers"));
    let list = segment::Entity::find()
        .filter(segment::Column::Name.eq("Customers"))
        .one(conn)
        .await
        .unwrap()
        .expect("the rule started the list");
    assert!(members(conn, list.id).await.is_empty());

    let li = contacts::create(conn, &rep, &form("李娜")).await.unwrap();
    let board = deals::board(conn, &rep, &BoardQuery::default(), Utc::now())
        .await
        .unwrap();
    let (open, won) = (board.pipeline.stages[0].id, board.pipeline.stages[4].id);
    let deal = NewDeal {
        title: "年度合同".into(),
        amount: "12000".into(),
        stage_id: open,
        contact_id: Some(li.id),
        ..NewDeal::default()
    };
    let deal = deals::create(conn, &rep, &deal).await.unwrap();
    assert!(events(conn, topics::DEAL_WON).await.is_empty());
    let to_won = Move {
        stage_id: won,
        after: None,
        before: None,
        reason: String::new(),
    };
    deals::moving::move_deal(conn, &rep, deal.id, deal.version, &to_won, Utc::now())
        .await
        .unwrap();
    let won_events = events(conn, topics::DEAL_WON).await;
    assert_eq!(won_events.len(), 1);
    let before = Utc::now();
    handle_twice(conn, &won_events[0]).await;

    assert_eq!(members(conn, list.id).await, vec![li.id]);
    let follow_ups = tasks_titled(conn, "回访 李娜：年度合同").await;
    assert_eq!(follow_ups.len(), 1, "once, however often the event comes");
    let follow_up = &follow_ups[0];
    assert_eq!(follow_up.assignee_id, Some(rep.user.id), "the deal's owner");
    assert_eq!(
        (follow_up.deal_id, follow_up.contact_id),
        (Some(deal.id), Some(li.id))
    );
    let due_in = follow_up.due_at - before;
    assert!(due_in >= TimeDelta::days(30) && due_in < TimeDelta::days(30) + TimeDelta::minutes(1));

    let log = service::runs(conn, &owner, saved.id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, RunStatus::Done);
    assert_eq!(log[0].contact_name.as_deref(), Some("李娜"));
    assert_eq!(
        log[0].outcomes,
        vec![
            Outcome::AddedToList("Customers".into()),
            Outcome::TaskCreated {
                title: "回访 李娜：年度合同".into(),
                assignee: Some("rep@example.cn".into()),
            },
        ]
    );
    let lines = service::list(conn, &owner).await.unwrap();
    assert_eq!((lines[0].done, lines[0].failed), (1, 0));

    // A disabled rule does nothing; nor does another topic's event.
    let disabled = RuleForm {
        id: saved.id.to_string(),
        version: saved.version.to_string(),
        enabled: None,
        list: "Customers".into(),
        ..rule("Won → customers", Trigger::DealWon)
    };
    save(conn, &owner, disabled).await;
    let again = Stored {
        id: Uuid::now_v7(),
        ..won_events[0].clone()
    };
    assert_eq!(run::handle(conn, &again, Utc::now()).await.unwrap(), 0);
    assert_eq!(
        service::runs(conn, &owner, saved.id).await.unwrap().len(),
        1
    );
}
db_test!(a_won_deal_adds_its_contact_to_customers_and_a_follow_up_once);

async fn a_web_form_contact_goes_to_their_company_owner_and_is_welcomed(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    // The rep's customer brings the company in, owned by the rep.
    let colleague = ContactForm {
        company: "榕树贸易".into(),
        owner_id: rep.user.id.to_string(),
        ..form("周杰")
    };
    contacts::create(conn, &rep, &colleague).await.unwrap();
    let saved = save(
        conn,
        &owner,
        RuleForm {
            web_form_only: Some("on".into()),
            assign_company_owner: Some("on".into()),
            mail_subject: "欢迎，{{first_name}}".into(),
            mail_body: "{{owner_name}} 会尽快联系您。\n{{company}}".into(),
            ..rule("Welcome", Trigger::ContactCreated)
        },
    )
    .await;
    assert_eq!(saved.conditions, vec![Condition::FromWebForm]);

    let web_form = WebFormForm {
        name: "官网".into(),
        tag: String::new(),
        owner_id: owner.user.id.to_string(),
        redirect_url: String::new(),
        opens_tickets: None,
    };
    let web_form = web_forms::create(conn, &owner, &web_form, "https://crm.example.cn")
        .await
        .unwrap();
    let model = web_forms::find_active(conn, &web_form.key).await.unwrap();
    let fields: HashMap<String, String> = [
        ("name", "陈静"),
        ("email", "chen.jing@example.cn"),
        ("company", "榕树贸易"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    web_forms::submit(conn, &model, &fields, Utc::now())
        .await
        .unwrap();

    let created = events(conn, topics::CONTACT_CREATED).await;
    assert_eq!(created.len(), 2, "the colleague typed in, then the form's");
    for event in &created {
        handle_twice(conn, event).await;
    }
    let chen_id = created[1].payload["id"].as_str().unwrap().parse().unwrap();
    let chen = contacts::get(conn, &owner, chen_id).await.unwrap();
    assert_eq!(
        chen.owner_id,
        Some(rep.user.id),
        "given to the company's owner"
    );
    assert_eq!(chen.version, 2, "an edit opened before conflicts");

    let mails = events(conn, topics::AUTOMATION_MAIL).await;
    assert_eq!(mails.len(), 1, "only the form's contact, once");
    let Ok(Event::AutomationMail(mail)) = mails[0].event() else {
        panic!("a rule's mail");
    };
    let mail = run::mail(conn, mail, DOMAIN).await.unwrap().unwrap();
    assert_eq!(mail.to_email, "chen.jing@example.cn");
    assert_eq!(mail.subject, "欢迎，陈静");
    assert_eq!(mail.text, "rep@example.cn 会尽快联系您。\n榕树贸易");
    assert!(mail.message_id.ends_with(DOMAIN));

    let log = service::runs(conn, &owner, saved.id).await.unwrap();
    assert_eq!(log.len(), 1, "the typed-in colleague did not match");
    assert_eq!(
        log[0].outcomes,
        vec![
            Outcome::AssignedTo("rep@example.cn".into()),
            Outcome::Mailed("chen.jing@example.cn".into()),
        ]
    );

    // Someone who opts out before the mail goes gets none.
    let unsubscribed = contact_unsubscribed(conn, chen_id).await;
    assert!(unsubscribed);
    let mail = serde_json::from_value(mails[0].payload.clone()).unwrap();
    assert_eq!(run::mail(conn, mail, DOMAIN).await.unwrap(), None);
}
db_test!(a_web_form_contact_goes_to_their_company_owner_and_is_welcomed);

async fn contact_unsubscribed(conn: &DatabaseConnection, id: Uuid) -> bool {
    use crate::customers::entity::contact;
    use sea_orm::sea_query::Expr;
    contact::Entity::update_many()
        .col_expr(
            contact::Column::UnsubscribedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(contact::Column::Id.eq(id))
        .exec(conn)
        .await
        .unwrap()
        .rows_affected
        == 1
}

async fn a_low_rating_makes_a_task_for_the_manager(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let manager = teammate(conn, &owner, "manager@example.cn", Role::Manager).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let saved = save(
        conn,
        &owner,
        RuleForm {
            score_max: "2".into(),
            task_title: "Call {{name}} about {{ticket}}".into(),
            task_days: "1".into(),
            task_for: manager.user.id.to_string(),
            ..rule("Unhappy customer", Trigger::TicketRated)
        },
    )
    .await;
    let zhang = crate::tickets::tests::customer(conn, &owner, "张伟").await;
    let ticket = crate::tickets::service::create(
        conn,
        &agent,
        &crate::tickets::tests::asking(&zhang, "打印机卡纸"),
        Utc::now(),
    )
    .await
    .unwrap();
    // The rating page's events, as it writes them.
    let rated = |score: u8| Stored {
        id: Uuid::now_v7(),
        topic: topics::TICKET_RATED.into(),
        payload: json!({ "id": ticket.id, "number": ticket.number, "score": score }),
        attempts: 0,
        created_at: Utc::now(),
    };
    handle_twice(conn, &rated(4)).await;
    assert!(
        service::runs(conn, &owner, saved.id)
            .await
            .unwrap()
            .is_empty()
    );
    handle_twice(conn, &rated(1)).await;
    let title = format!("Call 张伟 about #{} 打印机卡纸", ticket.number);
    let calls = tasks_titled(conn, &title).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].assignee_id, Some(manager.user.id));
    assert_eq!(calls[0].contact_id, Some(zhang.id));
}
db_test!(a_low_rating_makes_a_task_for_the_manager);

async fn a_failed_rule_is_retried_and_its_log_says_why(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let saved = save(
        conn,
        &owner,
        RuleForm {
            list: "New leads".into(),
            ..rule("Leads", Trigger::ContactCreated)
        },
    )
    .await;
    let list = segment::Entity::find()
        .filter(segment::Column::Name.eq("New leads"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    crate::customers::segments::service::delete(conn, &owner, list.id, list.version)
        .await
        .unwrap();
    let li = contacts::create(conn, &owner, &form("李娜")).await.unwrap();
    let event = events(conn, topics::CONTACT_CREATED).await.remove(0);
    for attempt in 1..=2 {
        assert_eq!(run::handle(conn, &event, Utc::now()).await.unwrap(), 1);
        let log = service::runs(conn, &owner, saved.id).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].status, RunStatus::Failed);
        assert_eq!(log[0].attempts, attempt);
        assert_eq!(log[0].error, Some(Failure::ListGone));
    }
    // Someone mends the rule; the next retry of the same event succeeds, once.
    let mended = RuleForm {
        id: saved.id.to_string(),
        version: saved.version.to_string(),
        list: "Leads".into(),
        ..rule("Leads", Trigger::ContactCreated)
    };
    save(conn, &owner, mended).await;
    handle_twice(conn, &event).await;
    let log = service::runs(conn, &owner, saved.id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].status, log[0].attempts), (RunStatus::Done, 3));
    assert_eq!(log[0].error, None);
    let leads = segment::Entity::find()
        .filter(segment::Column::Name.eq("Leads"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(members(conn, leads.id).await, vec![li.id]);
}
db_test!(a_failed_rule_is_retried_and_its_log_says_why);

async fn a_rule_without_a_contact_skips_what_needs_one(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let saved = save(
        conn,
        &owner,
        RuleForm {
            list: "Lost".into(),
            assign_company_owner: Some("on".into()),
            ..rule("Lost deals", Trigger::DealLost)
        },
    )
    .await;
    let board = deals::board(conn, &owner, &BoardQuery::default(), Utc::now())
        .await
        .unwrap();
    let lost = board.pipeline.stages[5].id;
    let deal = NewDeal {
        title: "Walk-in".into(),
        amount: "10".into(),
        stage_id: board.pipeline.stages[0].id,
        ..NewDeal::default()
    };
    let deal = deals::create(conn, &owner, &deal).await.unwrap();
    let to_lost = Move {
        stage_id: lost,
        after: None,
        before: None,
        reason: "price".into(),
    };
    deals::moving::move_deal(conn, &owner, deal.id, deal.version, &to_lost, Utc::now())
        .await
        .unwrap();
    handle_twice(conn, &events(conn, topics::DEAL_LOST).await[0]).await;
    let log = service::runs(conn, &owner, saved.id).await.unwrap();
    assert_eq!(
        log[0].outcomes,
        vec![
            Outcome::Skipped(Skip::NoContact),
            Outcome::Skipped(Skip::NoContact)
        ]
    );
}
db_test!(a_rule_without_a_contact_skips_what_needs_one);

async fn rules_are_checked_and_kept_by_the_right_people(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let refused = |form: RuleForm| {
        let owner = owner.clone();
        async move {
            match service::save(conn, &owner, &form, Utc::now()).await {
                Err(AppError::Validation(fields)) => fields,
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
    };
    let nothing = refused(rule("Nothing", Trigger::DealWon)).await;
    assert_eq!(nothing["actions"], vec![Invalid::Required]);
    let bad = refused(RuleForm {
        trigger: "deal.updated".into(),
        score_max: "7".into(),
        task_title: "x".into(),
        task_days: "400".into(),
        task_for: Uuid::now_v7().to_string(),
        mail_subject: "Hello".into(),
        ..rule("", Trigger::TicketRated)
    })
    .await;
    assert_eq!(bad["name"], vec![Invalid::Required]);
    assert_eq!(bad["trigger"], vec![Invalid::Choice]);
    assert_eq!(bad["task_days"], vec![Invalid::Range { min: 0, max: 365 }]);
    assert_eq!(bad["task_for"], vec![Invalid::Choice]);
    assert_eq!(bad["mail_body"], vec![Invalid::Required]);
    let score = refused(RuleForm {
        score_max: "0".into(),
        task_title: "x".into(),
        ..rule("Scores", Trigger::TicketRated)
    })
    .await;
    assert_eq!(score["score_max"], vec![Invalid::Range { min: 1, max: 5 }]);

    // A segment built from rules takes no hand-added members.
    let news = crate::testing::tagged_segment(conn, &owner, "Newsletter", "news").await;
    let not_a_list = refused(RuleForm {
        list: "Newsletter".into(),
        ..rule("News", Trigger::DealWon)
    })
    .await;
    assert_eq!(not_a_list["list"], vec![Invalid::NotAList]);
    assert!(!news.is_nil());

    // A condition its trigger cannot ask is not kept.
    let kept = save(
        conn,
        &owner,
        RuleForm {
            score_max: "2".into(),
            tag: "VIP".into(),
            assign_company_owner: Some("on".into()),
            ..rule("VIPs", Trigger::DealWon)
        },
    )
    .await;
    assert_eq!(kept.conditions, vec![Condition::HasTag("VIP".into())]);
    let stale = RuleForm {
        id: kept.id.to_string(),
        version: (kept.version + 1).to_string(),
        assign_company_owner: Some("on".into()),
        ..rule("VIPs", Trigger::DealWon)
    };
    assert!(matches!(
        service::save(conn, &owner, &stale, Utc::now()).await,
        Err(AppError::Conflict { .. })
    ));
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    assert!(matches!(
        service::list(conn, &rep).await,
        Err(AppError::Forbidden)
    ));
    let marketer = teammate(conn, &owner, "mkt@example.cn", Role::Marketing).await;
    assert_eq!(service::list(conn, &marketer).await.unwrap().len(), 1);
    service::delete(conn, &marketer, kept.id, kept.version)
        .await
        .unwrap();
    assert_eq!(
        super::entity::rule::Entity::find()
            .count(conn)
            .await
            .unwrap(),
        0
    );
}
db_test!(rules_are_checked_and_kept_by_the_right_people);
