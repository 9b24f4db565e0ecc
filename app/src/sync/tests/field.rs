//! What a device keeps: everything its rep works on the first time, then only what changed.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{add_deal, stages, to};
use crate::core::actor::{Actor, Role};
use crate::core::files::Store;
use crate::customers::history::service as history;
use crate::customers::history::types::{HistoryItem, InteractionForm};
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::{Contact, ContactForm};
use crate::db_test;
use crate::deals::service as deals;
use crate::deals::tasks::service as tasks;
use crate::deals::tasks::types::TaskForm;
use crate::deals::types::{DealForm, NewDeal};
use crate::sync::field::field_data;
use crate::sync::types::FieldData;

async fn contact(conn: &DatabaseConnection, who: &Actor, name: &str) -> Contact {
    let form = ContactForm {
        owner_id: who.user.id.to_string(),
        ..form(name)
    };
    contacts::create(conn, who, &form).await.unwrap()
}

async fn call(conn: &DatabaseConnection, who: &Actor, contact: Uuid, note: &str) {
    let form = InteractionForm {
        kind: "call".into(),
        body: note.into(),
        ..InteractionForm::default()
    };
    history::log(conn, who, contact, &form, Utc::now())
        .await
        .unwrap();
}

/// The field data as a device gets it at `now`; a device asks again later with its cursor.
async fn fetch(conn: &DatabaseConnection, who: &Actor, since: Option<DateTime<Utc>>) -> FieldData {
    // Asked as if two minutes from now: the cursor it gives is this moment, so that what the
    // test writes next counts as changed since.
    let later = Utc::now() + chrono::TimeDelta::minutes(2);
    field_data(conn, who, since, later).await.unwrap()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> Uuid) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = items.iter().map(id).collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

fn notes(history: &[HistoryItem], contact: Uuid) -> Vec<String> {
    history
        .iter()
        .filter_map(|item| match item {
            HistoryItem::Interaction(i) if i.contact_id == contact => i.body.clone(),
            _ => None,
        })
        .collect()
}

async fn a_device_gets_its_reps_work_then_only_what_changed(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let other = teammate(conn, &owner, "other@example.cn", Role::Sales).await;
    let stages = stages(conn).await;
    let regular = contact(conn, &rep, "李娜").await;
    for n in 0..25 {
        call(conn, &rep, regular.id, &format!("第{n}次")).await;
    }
    let owners = contact(conn, &owner, "赵强").await;
    let elsewhere = contact(conn, &other, "孙丽").await;
    let open = deals::create(
        conn,
        &rep,
        &NewDeal {
            title: "年会礼品".into(),
            stage_id: stages[0],
            contact_id: Some(owners.id),
            ..NewDeal::default()
        },
    )
    .await
    .unwrap();
    let won = add_deal(conn, &rep, stages[0]).await;
    deals::move_deal(conn, &rep, won.id, won.version, &to(stages[4]), Utc::now())
        .await
        .unwrap();
    let others = deals::create(
        conn,
        &other,
        &NewDeal {
            title: "办公椅".into(),
            stage_id: stages[1],
            contact_id: Some(elsewhere.id),
            ..NewDeal::default()
        },
    )
    .await
    .unwrap();
    let task = tasks::create(
        conn,
        &rep,
        &TaskForm {
            title: "回访李娜".into(),
            due: "2026-12-10T10:00".into(),
            contact_id: Some(regular.id),
            ..TaskForm::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();

    let first = fetch(conn, &rep, None).await;
    assert!(first.full);
    assert_eq!(first.pipelines.len(), 1);
    assert_eq!(ids(&first.deals, |d| d.deal.id), [open.id]);
    assert!(!first.deals[0].rank.is_empty());
    assert_eq!(
        ids(&first.contacts, |c| c.id),
        sorted(vec![regular.id, owners.id])
    );
    let newest: Vec<String> = (5..25).rev().map(|n| format!("第{n}次")).collect();
    assert_eq!(notes(&first.history, regular.id), newest);
    assert_eq!(ids(&first.tasks, |t| t.id), [task.id]);
    assert!(first.gone.is_empty());
    assert_eq!(first.people.len(), 3);

    // While the device is away: a call logged, a deal won, another rep's deal handed over
    // with its customer, the task done.
    call(conn, &owner, regular.id, "老板亲自打的").await;
    let open = deals::get(conn, &rep, open.id).await.unwrap();
    deals::move_deal(
        conn,
        &rep,
        open.id,
        open.version,
        &to(stages[4]),
        Utc::now(),
    )
    .await
    .unwrap();
    let handed = deals::get(conn, &owner, others.id).await.unwrap();
    let form = DealForm {
        owner_id: rep.user.id.to_string(),
        ..DealForm::of(&handed)
    };
    deals::update(conn, &owner, others.id, handed.version, &form)
        .await
        .unwrap();
    tasks::set_done(conn, &rep, task.id, task.version, true, Utc::now())
        .await
        .unwrap();

    let second = fetch(conn, &rep, Some(first.cursor)).await;
    assert!(!second.full);
    assert_eq!(ids(&second.deals, |d| d.deal.id), [others.id]);
    // The handed-over deal's customer comes with it, though nobody changed them.
    assert_eq!(ids(&second.contacts, |c| c.id), [elsewhere.id]);
    assert_eq!(notes(&second.history, regular.id), ["老板亲自打的"]);
    assert!(second.tasks.is_empty());
    // The won deal leaves the device, as does the done task. The won deal's customer did not
    // change: the device drops them itself, as it keeps only the contacts of its deals.
    assert_eq!(sorted(second.gone.clone()), sorted(vec![open.id, task.id]));

    let third = fetch(conn, &rep, Some(second.cursor)).await;
    assert!(third.deals.is_empty() && third.contacts.is_empty() && third.tasks.is_empty());
    assert!(third.history.is_empty() && third.gone.is_empty());
}
db_test!(a_device_gets_its_reps_work_then_only_what_changed);

async fn an_erased_or_archived_contact_leaves_the_device(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let kept = contact(conn, &owner, "周杰").await;
    let erased = contact(conn, &owner, "吴敏").await;
    let first = fetch(conn, &owner, None).await;
    assert_eq!(
        ids(&first.contacts, |c| c.id),
        sorted(vec![kept.id, erased.id])
    );
    contacts::set_archived(conn, &owner, kept.id, kept.version, true)
        .await
        .unwrap();
    crate::privacy::service::erase::erase(conn, &Store::temporary(), &owner, erased.id, "吴敏")
        .await
        .unwrap();
    let second = fetch(conn, &owner, Some(first.cursor)).await;
    assert!(second.contacts.is_empty());
    assert_eq!(sorted(second.gone), sorted(vec![kept.id, erased.id]));
}
db_test!(an_erased_or_archived_contact_leaves_the_device);
