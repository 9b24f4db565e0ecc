use chrono::Days;
use sea_orm::DatabaseConnection;

use super::service::{check, csv, page};
use super::types::{PAGE, TrailQuery};
use crate::core::actor::Role;
use crate::core::audit::{self, chain};
use crate::core::settings::service as settings;
use crate::core::signing::SecretKey;
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::ContactForm;
use crate::db_test;
use crate::error::{AppError, Invalid};

async fn filters_pages_and_exports_the_trail(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let manager = teammate(conn, &owner, "manager@example.cn", Role::Manager).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let li = contacts::create(conn, &owner, &form("李娜")).await.unwrap();
    let moved = ContactForm {
        city: "杭州".into(),
        ..form("李娜")
    };
    contacts::update(conn, &owner, li.id, &moved, li.version)
        .await
        .unwrap();
    let wang = contacts::create(conn, &rep, &form("王伟")).await.unwrap();

    let all = page(conn, &manager, &TrailQuery::default()).await.unwrap();
    let actions: Vec<&str> = all.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        &actions[..3],
        ["contact.create", "contact.update", "contact.create"]
    );
    let update = &all.entries[1];
    assert_eq!(update.record_label.as_deref(), Some("李娜"));
    assert_eq!(update.who.as_deref(), Some(owner.user.name.as_str()));
    let city = update.changes.iter().find(|c| c.field == "city").unwrap();
    assert_eq!((city.before.as_str(), city.after.as_str()), ("", "杭州"));
    assert!(all.people.iter().any(|(id, _)| *id == rep.user.id));

    let by_rep = TrailQuery {
        person: Some(rep.user.id),
        ..TrailQuery::default()
    };
    let found = page(conn, &owner, &by_rep).await.unwrap().entries;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].record_id, Some(wang.id));

    let of_li = TrailQuery {
        record_type: "contact".into(),
        record: Some(li.id),
        action: "update".into(),
        ..TrailQuery::default()
    };
    let found = page(conn, &owner, &of_li).await.unwrap().entries;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].action, "contact.update");

    // The filter reads days in the workspace's zone, which may already be tomorrow in UTC.
    let tomorrow = (settings::today(conn).await.unwrap() + Days::new(1))
        .format("%Y-%m-%d")
        .to_string();
    let later = TrailQuery {
        from: tomorrow.clone(),
        ..TrailQuery::default()
    };
    assert!(page(conn, &owner, &later).await.unwrap().entries.is_empty());
    let until_tomorrow = TrailQuery {
        to: tomorrow,
        ..TrailQuery::default()
    };
    assert_eq!(
        page(conn, &owner, &until_tomorrow)
            .await
            .unwrap()
            .entries
            .len(),
        all.entries.len()
    );
    let bad = TrailQuery {
        from: "31/12/2026".into(),
        record_type: "spaceship".into(),
        ..TrailQuery::default()
    };
    let refused = page(conn, &owner, &bad).await.err().unwrap();
    assert_eq!(refused.field("from"), [Invalid::Date]);
    assert_eq!(refused.field("record_type"), [Invalid::Choice]);

    assert_eq!(
        page(conn, &rep, &TrailQuery::default()).await.err(),
        Some(AppError::Forbidden)
    );
    assert_eq!(
        csv(conn, &rep, &TrailQuery::default()).await.err(),
        Some(AppError::Forbidden)
    );

    // Refusals are in the trail too, with who tried what.
    let refusals = TrailQuery {
        action: "refused".into(),
        ..TrailQuery::default()
    };
    let refused = page(conn, &owner, &refusals).await.unwrap().entries;
    let tried: Vec<(&str, Option<&str>)> = refused
        .iter()
        .map(|e| (e.action.as_str(), e.who.as_deref()))
        .collect();
    let rep_name = Some(rep.user.name.as_str());
    assert_eq!(
        tried,
        [
            ("audit.read.refused", rep_name),
            ("audit.read.refused", rep_name)
        ]
    );

    let file = csv(conn, &owner, &of_li).await.unwrap();
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(
        lines[0],
        "time,person,action,record_type,record_id,record,field,before,after"
    );
    let change = format!(",contact.update,contact,{},李娜,city,,杭州", li.id);
    assert!(lines.iter().any(|l| l.contains(&change)), "{file}");
    assert!(lines.iter().all(|l| !l.contains("contact.create")));
}
db_test!(filters_pages_and_exports_the_trail);

async fn pages_go_back_in_time_and_the_chain_is_checked(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    for n in 0..PAGE + 5 {
        let entry = audit::Entry::new(Some(owner.user.id), "task.create", "task", None)
            .changes(serde_json::json!({ "title": [null, format!("call {n}")] }));
        audit::record(conn, entry).await.unwrap();
    }
    let first = page(conn, &owner, &TrailQuery::default()).await.unwrap();
    assert_eq!(first.entries.len() as u64, PAGE);
    let older = TrailQuery {
        before: first.next.clone(),
        ..TrailQuery::default()
    };
    let second = page(conn, &owner, &older).await.unwrap();
    assert!(second.next.is_none());
    let total = first.entries.len() + second.entries.len();
    let mut ids: Vec<_> = first
        .entries
        .iter()
        .chain(&second.entries)
        .map(|e| e.id)
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), total, "no entry twice");
    assert!(total as u64 >= PAGE + 5);

    let key = SecretKey::for_tests();
    chain::extend(conn, &key).await.unwrap();
    let verdict = check(conn, &owner, &key).await.unwrap();
    assert_eq!((verdict.linked, verdict.broken_at), (total as u64, None));
}
db_test!(pages_go_back_in_time_and_the_chain_is_checked);
