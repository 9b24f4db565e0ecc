//! The contact list as the user narrowed it, exported page by page.

use sea_orm::{DatabaseConnection, EntityTrait};

use super::{form, owner, tagged};
use crate::core::audit;
use crate::customers::service::{self, export};
use crate::customers::types::{ContactQuery, Lifecycle};
use crate::db_test;

async fn an_export_takes_every_page_of_the_narrowed_list(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    for contact in [
        tagged("Eve", "vip"),
        tagged("Ann", "华东, vip"),
        form("Zed"),
        tagged("Cat", ""),
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
