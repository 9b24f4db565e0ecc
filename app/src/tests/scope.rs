//! One rule for every read: in a workspace that keeps sales reps to their own team's
//! customers, a rep of another team finds nothing of them anywhere, not the tickets they
//! opened, their deals with the rep's customer, their orders, their share of a company's
//! revenue, a comment about their deal, nor what a task given to the rep is about. Each case
//! on SQLite and PostgreSQL.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use uuid::Uuid;

use crate::core::actor::{Actor, Role};
use crate::core::users::entity::{team, user};
use crate::customers::history::orders;
use crate::customers::history::types::{OrderChange, OrderForm};
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, restrict_sales, teammate};
use crate::customers::types::Contact;
use crate::db_test;
use crate::deals::types::{DealForm, NewDeal};
use crate::error::AppError;
use crate::tickets::types::{InboxQuery, View};

/// The owner, and a rep in each of two teams, in a workspace that restricts sales.
struct Workspace {
    owner: Actor,
    north: Actor,
    south: Actor,
}

async fn workspace(conn: &DatabaseConnection) -> Workspace {
    let owner = owner(conn).await;
    let north = teammate(conn, &owner, "north@example.cn", Role::Sales).await;
    let south = teammate(conn, &owner, "south@example.cn", Role::Sales).await;
    for (rep, name) in [(&north, "华北"), (&south, "华南")] {
        let id = Uuid::now_v7();
        team::ActiveModel {
            id: Set(id),
            name: Set(name.into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(conn)
        .await
        .unwrap();
        user::ActiveModel {
            id: Set(rep.user.id),
            team_id: Set(Some(id)),
            ..Default::default()
        }
        .update(conn)
        .await
        .unwrap();
    }
    restrict_sales(conn, &owner).await;
    // The reps as they sign in now, in their teams.
    let again = async |rep: &Actor| {
        let mut rep = rep.clone();
        rep.user.team_id = user::Entity::find_by_id(rep.user.id)
            .one(conn)
            .await
            .unwrap()
            .unwrap()
            .team_id;
        rep
    };
    Workspace {
        north: again(&north).await,
        south: again(&south).await,
        owner,
    }
}

/// A customer of `rep`'s, at `company`.
async fn customer_of(conn: &DatabaseConnection, rep: &Actor, name: &str, company: &str) -> Contact {
    let mut person = form(name);
    person.company = company.into();
    person.owner_id = rep.user.id.to_string();
    contacts::create(conn, rep, &person).await.unwrap()
}

/// The first stage of the default pipeline.
async fn first_stage(conn: &DatabaseConnection, who: &Actor) -> Uuid {
    let board = crate::deals::service::board(conn, who, &Default::default(), Utc::now())
        .await
        .unwrap();
    board.pipeline.stages[0].id
}

fn deal_with(customer: &Contact, stage_id: Uuid, title: &str) -> NewDeal {
    NewDeal {
        title: title.into(),
        amount: "1000".into(),
        stage_id,
        contact_id: Some(customer.id),
        ..NewDeal::default()
    }
}

async fn tickets_are_seen_with_their_customer(conn: &DatabaseConnection) {
    let ws = workspace(conn).await;
    let theirs = customer_of(conn, &ws.south, "李娜", "").await;
    let mine = customer_of(conn, &ws.north, "张伟", "").await;
    let now = crate::tickets::tests::now();
    let asked = |contact, subject| crate::tickets::tests::asking(contact, subject);
    let hidden = crate::tickets::service::create(conn, &ws.owner, &asked(&theirs, "卡纸"), now)
        .await
        .unwrap();
    let shown = crate::tickets::service::create(conn, &ws.owner, &asked(&mine, "缺货"), now)
        .await
        .unwrap();

    let all = InboxQuery {
        view: View::All,
        ..InboxQuery::default()
    };
    let subjects = async |who: &Actor, query: &InboxQuery| -> Vec<String> {
        crate::tickets::service::inbox(conn, who, query, now)
            .await
            .unwrap()
            .rows
            .into_iter()
            .map(|row| row.subject)
            .collect()
    };
    assert_eq!(subjects(&ws.north, &all).await, ["缺货"]);
    let searched = InboxQuery {
        q: "卡纸".into(),
        ..all.clone()
    };
    assert!(
        subjects(&ws.north, &searched).await.is_empty(),
        "nor found by search"
    );
    assert_eq!(subjects(&ws.owner, &all).await.len(), 2);
    let count = async |who: &Actor| {
        crate::tickets::service::inbox::count(conn, who, View::All, now)
            .await
            .unwrap()
    };
    assert_eq!((count(&ws.north).await, count(&ws.owner).await), (1, 2));
    let counted = crate::tickets::service::counts(conn, &ws.north, now)
        .await
        .unwrap();
    assert!(counted.0.contains(&(View::All, 1)), "{counted:?}");

    let of_contact = crate::tickets::service::of_contact(conn, &ws.north, theirs.id)
        .await
        .unwrap();
    assert!(of_contact.is_empty());
    assert_eq!(
        crate::tickets::service::thread(conn, &ws.north, hidden.id, now)
            .await
            .unwrap_err(),
        AppError::NotFound,
        "as if it did not exist"
    );
    let thread = crate::tickets::service::thread(conn, &ws.north, shown.id, now)
        .await
        .unwrap();
    assert_eq!(thread.ticket.contact_name, "张伟");
    assert!(
        crate::tickets::service::thread(conn, &ws.south, hidden.id, now)
            .await
            .is_ok()
    );
}
db_test!(tickets_are_seen_with_their_customer);

async fn a_customer_s_deals_with_another_team_stay_that_team_s(conn: &DatabaseConnection) {
    let ws = workspace(conn).await;
    let customer = customer_of(conn, &ws.north, "张伟", "").await;
    let first = first_stage(conn, &ws.owner).await;
    let deal = |title: &str| deal_with(&customer, first, title);
    crate::deals::service::create(conn, &ws.north, &deal("北方的单"))
        .await
        .unwrap();
    // The other team's deal with the same customer, given to them by the owner.
    let card = crate::deals::service::create(conn, &ws.owner, &deal("南方的单"))
        .await
        .unwrap();
    let theirs = DealForm {
        title: card.title,
        amount: "1000".into(),
        currency: "CNY".into(),
        owner_id: ws.south.user.id.to_string(),
        ..DealForm::default()
    };
    crate::deals::service::update(conn, &ws.owner, card.id, card.version, &theirs)
        .await
        .unwrap();
    let titles = async |who: &Actor| -> Vec<String> {
        let mut titles: Vec<String> = crate::deals::service::of_contact(conn, who, customer.id)
            .await
            .unwrap()
            .into_iter()
            .map(|card| card.title)
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(titles(&ws.north).await, ["北方的单"]);
    assert_eq!(titles(&ws.owner).await, ["北方的单", "南方的单"]);
    // What a rep exports of their customer holds only the deals they see.
    let export = crate::privacy::service::subject(conn, &ws.north, customer.id)
        .await
        .unwrap();
    assert_eq!(export["deals"].as_array().unwrap().len(), 1);
}
db_test!(a_customer_s_deals_with_another_team_stay_that_team_s);

async fn a_company_s_figures_and_orders_count_only_the_people_seen(conn: &DatabaseConnection) {
    let ws = workspace(conn).await;
    let mine = customer_of(conn, &ws.north, "张伟", "榕树贸易").await;
    let theirs = customer_of(conn, &ws.south, "李娜", "榕树贸易").await;
    let mut made = Vec::new();
    for (who, number, amount) in [(&mine, "A1", "100"), (&theirs, "A2", "250")] {
        let order = OrderForm {
            number: number.into(),
            ordered_on: "2026-01-05".into(),
            amount: amount.into(),
            currency: "CNY".into(),
            status: "paid".into(),
            note: String::new(),
            ..OrderForm::default()
        };
        let order = orders::add_order(conn, &ws.owner, who.id, &order, Utc::now());
        made.push(order.await.unwrap());
    }
    // The other team's order is not there for the rep, to read, list or change.
    let listed = orders::list_orders(conn, &ws.north, &Default::default())
        .await
        .unwrap();
    assert_eq!(listed.orders, [made[0].clone()]);
    let hidden = orders::get_order(conn, &ws.north, made[1].id).await;
    assert_eq!(hidden.unwrap_err(), AppError::NotFound);
    let refund = OrderChange {
        status: Some("refunded".into()),
        note: None,
    };
    let hidden = orders::change_order(conn, &ws.north, made[1].id, &refund, 1, Utc::now());
    assert_eq!(hidden.await.unwrap_err(), AppError::NotFound);
    let company = mine.company_id.unwrap();
    assert_eq!(theirs.company_id, Some(company), "one company");
    let companies = crate::customers::companies::service::get;
    let totals = crate::customers::companies::service::totals;
    let (seen, all) = (
        totals(conn, &ws.north, company).await.unwrap(),
        totals(conn, &ws.owner, company).await.unwrap(),
    );
    assert_eq!((seen.orders, seen.revenue[0].minor), (1, 10_000));
    assert_eq!((all.orders, all.revenue[0].minor), (2, 35_000));
    assert_eq!(companies(conn, &ws.north, company).await.unwrap().people, 1);
    assert_eq!(companies(conn, &ws.owner, company).await.unwrap().people, 2);
    let listed = crate::customers::companies::service::list(conn, &ws.north, &Default::default())
        .await
        .unwrap();
    assert_eq!(listed.rows.len(), 1);
    assert_eq!(listed.rows[0].people, 1);
}
db_test!(a_company_s_figures_and_orders_count_only_the_people_seen);

async fn nothing_about_a_hidden_deal_reaches_a_rep(conn: &DatabaseConnection) {
    let ws = workspace(conn).await;
    let customer = customer_of(conn, &ws.south, "李娜", "").await;
    let deal = deal_with(&customer, first_stage(conn, &ws.owner).await, "南方的单");
    let deal = crate::deals::service::create(conn, &ws.south, &deal)
        .await
        .unwrap();

    // A mention of someone the deal is hidden from tells them nothing.
    let body = format!("@{} @{} 请看报价", ws.north.user.name, ws.owner.user.name);
    crate::deals::comments::service::add(conn, &ws.south, deal.id, &body, Utc::now())
        .await
        .unwrap();
    let told = async |who: &Actor| {
        crate::notifications::service::list(conn, who)
            .await
            .unwrap()
            .len()
    };
    assert_eq!((told(&ws.north).await, told(&ws.owner).await), (0, 1));

    // A task about it, given to the other team's rep, says what to do but not about what.
    let task = crate::deals::tasks::types::TaskForm {
        title: "跟进".into(),
        due: "2026-12-01T10:00".into(),
        assignee_id: ws.north.user.id.to_string(),
        deal_id: Some(deal.id),
        contact_id: Some(customer.id),
        ..Default::default()
    };
    let task = crate::deals::tasks::service::create(conn, &ws.owner, &task, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        task.deal_title.as_deref(),
        Some("南方的单"),
        "its maker sees it"
    );
    let mine = crate::deals::tasks::service::mine(conn, &ws.north, Utc::now())
        .await
        .unwrap();
    let given = mine.overdue.iter().chain(&mine.today).chain(&mine.upcoming);
    let given: Vec<_> = given.filter(|t| t.id == task.id).collect();
    assert_eq!(given.len(), 1);
    assert_eq!(
        (given[0].title.as_str(), &given[0].deal_title),
        ("跟进", &None)
    );
    assert_eq!(given[0].contact_name, None);
}
db_test!(nothing_about_a_hidden_deal_reaches_a_rep);

async fn a_task_one_may_not_tick_tells_nothing_offline(conn: &DatabaseConnection) {
    use crate::sync::types::{Outcome, Queued, Write};
    let ws = workspace(conn).await;
    let task = crate::deals::tasks::types::TaskForm {
        title: "盘点".into(),
        due: "2026-12-01T10:00".into(),
        ..Default::default()
    };
    let task = crate::deals::tasks::service::create(conn, &ws.owner, &task, Utc::now())
        .await
        .unwrap();
    // Asking to leave it open, as it is: still refused, so its state does not show.
    let write = Queued {
        id: Uuid::now_v7(),
        write: Write::SetTaskDone {
            task: task.id,
            done: false,
        },
    };
    let synced = crate::sync::service::sync(conn, &ws.north, &[write], Utc::now())
        .await
        .unwrap();
    assert_eq!(synced.outcomes, [Outcome::Refused(AppError::Forbidden)]);
}
db_test!(a_task_one_may_not_tick_tells_nothing_offline);
