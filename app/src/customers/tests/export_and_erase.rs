//! Exports (the narrowed list, one person's data) and erasure.

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::{form, owner, teammate};
use crate::auth::types::Role;
use crate::customers::history::entity::{interaction, order};
use crate::customers::history::service::{add_order, log};
use crate::customers::history::types::{InteractionForm, OrderForm};
use crate::customers::service::{self, export};
use crate::customers::types::{ContactForm, ContactQuery, Lifecycle};
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::files::Store;
use crate::{audit, outbox};

fn customer(name: &str, tags: &str) -> ContactForm {
    ContactForm {
        lifecycle: "customer".into(),
        tags: tags.into(),
        email: format!("{}@example.cn", name.to_lowercase().replace(' ', ".")),
        ..form(name)
    }
}

async fn an_export_takes_every_page_of_the_narrowed_list(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    for contact in [
        customer("Eve", "vip"),
        customer("Ann", "华东, vip"),
        form("Zed"),
        customer("Cat", ""),
        form("Bob"),
    ] {
        service::create(conn, &owner, &contact).await.unwrap();
    }
    let customers = ContactQuery {
        lifecycle: Some(Lifecycle::Customer),
        after: Some("a cursor of some page".into()),
        ..ContactQuery::default()
    };
    // Batches of two: two batches for three rows.
    let mut export = export::Export::with_batch(&customers, 2);
    let mut rows = Vec::new();
    let mut batches = 0;
    while let Some(batch) = export.next(conn, &owner).await.unwrap() {
        batches += 1;
        rows.extend(batch);
    }
    assert_eq!(export.finish(conn, &owner).await.unwrap(), 3);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ann", "Cat", "Eve"], "every page, from the first");
    assert_eq!(batches, 2);
    assert_eq!(rows[0].tags, "vip; 华东");
    assert_eq!(rows[0].email, "ann@example.cn");
    assert_eq!(rows[0].stage, "customer");
    // A cancelled download stops reading, and is recorded with what was read.
    let mut cancelled = export::Export::with_batch(&ContactQuery::default(), 2);
    assert_eq!(
        cancelled.next(conn, &owner).await.unwrap().map(|b| b.len()),
        Some(2)
    );
    assert_eq!(cancelled.finish(conn, &owner).await.unwrap(), 2);
    let mut nobody = export::Export::new(&ContactQuery {
        q: "nobody".into(),
        ..ContactQuery::default()
    });
    assert_eq!(
        nobody.next(conn, &owner).await.unwrap(),
        Some(Vec::new()),
        "a head even when empty"
    );
    assert_eq!(nobody.next(conn, &owner).await.unwrap(), None);
    assert_eq!(nobody.finish(conn, &owner).await.unwrap(), 0);
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    let exports: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "contact.export")
        .collect();
    assert_eq!(exports.len(), 3, "every export is on record");
}
db_test!(an_export_takes_every_page_of_the_narrowed_list);

async fn erasure_removes_the_person_and_keeps_the_books(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let ann = service::create(conn, &owner, &customer("Ann Lee", "vip"))
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
        service::erase(conn, &Store::temporary(), &rep, ann.id, "Ann Lee")
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    let wrong = service::erase(conn, &Store::temporary(), &owner, ann.id, "Ann")
        .await
        .unwrap_err();
    assert_eq!(wrong.field("confirm"), [Invalid::Confirmation]);

    service::erase(conn, &Store::temporary(), &owner, ann.id, " Ann  Lee ")
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
