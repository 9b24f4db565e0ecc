//! One person's data exported, and erased.

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::service::{erase, export};
use crate::core::actor::Role;
use crate::core::files::Store;
use crate::core::{audit, outbox};
use crate::customers::history::entity::{interaction, order};
use crate::customers::history::orders::add_order;
use crate::customers::history::service::log;
use crate::customers::history::types::{InteractionForm, OrderForm};
use crate::customers::service;
use crate::customers::tests::{owner, tagged, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

async fn erasure_removes_the_person_and_keeps_the_books(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let ann = service::create(conn, &owner, &tagged("Ann Lee", "vip"))
        .await
        .unwrap();
    let call = InteractionForm {
        kind: "call".into(),
        body: "Asked for a discount".into(),
        ..InteractionForm::default()
    };
    log(conn, &owner, ann.id, &call, Utc::now()).await.unwrap();
    let sale = OrderForm {
        number: "E-1".into(),
        ordered_on: "2026-02-01".into(),
        amount: "88".into(),
        currency: "CNY".into(),
        status: "paid".into(),
        note: String::new(),
        ..OrderForm::default()
    };
    add_order(conn, &owner, ann.id, &sale, Utc::now())
        .await
        .unwrap();

    let data = export::subject(conn, &owner, ann.id).await.unwrap();
    assert_eq!(data["contact"]["name"], "Ann Lee");
    assert_eq!(data["interactions"][0]["body"], "Asked for a discount");
    assert_eq!(data["orders"][0]["number"], "E-1");

    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    assert_eq!(
        erase(conn, &Store::temporary(), &rep, ann.id, "Ann Lee")
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    let wrong = erase(conn, &Store::temporary(), &owner, ann.id, "Ann")
        .await
        .unwrap_err();
    assert_eq!(wrong.field("confirm"), [Invalid::Confirmation]);

    erase(conn, &Store::temporary(), &owner, ann.id, " Ann  Lee ")
        .await
        .unwrap();
    assert_eq!(
        service::get(conn, &owner, ann.id).await.unwrap_err(),
        AppError::NotFound
    );
    assert!(
        interaction::Entity::find()
            .all(conn)
            .await
            .unwrap()
            .is_empty(),
        "history goes"
    );
    let kept = order::Entity::find().all(conn).await.unwrap();
    assert_eq!(kept.len(), 1, "the order stays for the books");
    assert_eq!(kept[0].contact_id, None, "without the person");
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    let about_ann: Vec<_> = audit
        .iter()
        .filter(|e| e.record_type == "contact" && e.record_id == Some(ann.id))
        .collect();
    assert!(
        about_ann
            .iter()
            .any(|e| e.action == "contact.create" && e.changes.is_none()),
        "name scrubbed"
    );
    assert!(about_ann.iter().any(|e| e.action == "contact.erase"));
    let events = outbox::entity::Entity::find().all(conn).await.unwrap();
    assert!(events.iter().any(|e| e.topic == "contact.erased"));
}
db_test!(erasure_removes_the_person_and_keeps_the_books);
