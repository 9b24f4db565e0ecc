//! Service tests of saved segments, each on SQLite and on PostgreSQL.

use analytics::rfm::Segment;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::service::{create, delete, list, move_members, refresh};
use super::types::{Definition, NewSegment, SavedSegment};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::customers::service::{self as contacts, list as list_contacts};
use crate::customers::tests::{bought, customer as person, form, owner, teammate};
use crate::customers::types::{ContactQuery, Lifecycle};
use crate::db_test;
use crate::error::{AppError, Invalid};

fn named(name: &str, definition: Definition, contacts: Vec<Uuid>) -> NewSegment {
    NewSegment {
        name: name.into(),
        definition,
        contacts,
    }
}

/// The names the contact list shows for a segment, as its members are listed and exported.
async fn members(conn: &DatabaseConnection, who: &Actor, segment: &SavedSegment) -> Vec<String> {
    let query = ContactQuery {
        segment: Some(segment.id),
        ..ContactQuery::default()
    };
    let mut names: Vec<String> = list_contacts(conn, who, &query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    names.sort();
    names
}

async fn segments_hold_what_their_rules_scores_or_lists_pick(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let marketer = teammate(conn, &owner, "mkt@example.cn", Role::Marketing).await;
    let big = person(conn, &owner, "大客户", "vip").await;
    bought(conn, &owner, &big, &[3, 20, 40, 60, 90, 120, 150], 5_000).await;
    let gone = person(conn, &owner, "老客户", "").await;
    bought(conn, &owner, &gone, &[330], 80).await;
    for i in 0..10 {
        let c = person(conn, &owner, &format!("客户{i}"), "").await;
        bought(
            conn,
            &owner,
            &c,
            &[10 + 25 * i, 200 + 5 * i],
            300 + 50 * i as u32,
        )
        .await;
    }
    let lead = contacts::create(conn, &owner, &form("线索")).await.unwrap();

    // Rules over contact fields: the list's own filters.
    let vip = ContactQuery {
        tag: Some("vip".into()),
        lifecycle: Some(Lifecycle::Customer),
        ..ContactQuery::default()
    };
    let rules = create(
        conn,
        &marketer,
        named(" VIP 客户 ", Definition::Rules(vip), vec![]),
    )
    .await
    .unwrap();
    assert_eq!((rules.name.as_str(), rules.members), ("VIP 客户", 1));
    assert_eq!(members(conn, &owner, &rules).await, ["大客户"]);

    // RFM: scored today, from the orders.
    let champions = create(
        conn,
        &marketer,
        named(
            "Champions",
            Definition::Rfm(vec![Segment::Champions]),
            vec![],
        ),
    )
    .await
    .unwrap();
    let held = members(conn, &owner, &champions).await;
    assert!(held.contains(&"大客户".to_owned()), "{held:?}");
    assert!(!held.contains(&"老客户".to_owned()), "{held:?}");
    assert_eq!(held.len(), champions.members as usize);

    // A fixed list keeps whom it was given, as far as they exist.
    let fixed = create(
        conn,
        &marketer,
        named(
            "Cluster 2",
            Definition::Fixed,
            vec![gone.id, lead.id, lead.id, Uuid::now_v7()],
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        fixed.members, 2,
        "the unknown id and the repeat are dropped"
    );
    assert_eq!(members(conn, &owner, &fixed).await, ["线索", "老客户"]);

    // Rules are evaluated again on a refresh, over the version read.
    let newcomer = person(conn, &owner, "新贵宾", "vip").await;
    let refreshed = refresh(conn, &marketer, rules.id, rules.version)
        .await
        .unwrap();
    assert_eq!((refreshed.members, refreshed.version), (2, 2));
    assert!(
        members(conn, &owner, &refreshed)
            .await
            .contains(&newcomer.name)
    );
    let stale = refresh(conn, &marketer, rules.id, rules.version).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    let again = refresh(conn, &marketer, fixed.id, fixed.version)
        .await
        .unwrap_err();
    assert_eq!(
        again.field("definition"),
        [Invalid::Choice],
        "a fixed list stays"
    );

    // Counts are of the people there today: an archived one is not.
    contacts::set_archived(conn, &owner, gone.id, gone.version, true)
        .await
        .unwrap();
    let listed = list(conn, &owner).await.unwrap();
    let names: Vec<(&str, u32)> = listed
        .iter()
        .map(|s| (s.name.as_str(), s.members))
        .collect();
    assert_eq!(
        names,
        [
            ("Champions", champions.members),
            ("Cluster 2", 1),
            ("VIP 客户", 2)
        ]
    );

    // A merge leaves the people merged away in the person who stays.
    let txn = crate::core::db::write(conn).await.unwrap();
    move_members(&txn, &[lead.id, big.id], newcomer.id)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert!(members(conn, &owner, &fixed).await.contains(&newcomer.name));
    assert!(
        members(conn, &owner, &champions)
            .await
            .contains(&newcomer.name)
    );

    // Deleting, over the version read; its memberships go with it.
    let stale = delete(conn, &marketer, rules.id, rules.version).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    delete(conn, &marketer, rules.id, refreshed.version)
        .await
        .unwrap();
    assert!(members(conn, &owner, &refreshed).await.is_empty());
    assert_eq!(list(conn, &owner).await.unwrap().len(), 2);
}
db_test!(segments_hold_what_their_rules_scores_or_lists_pick);

async fn segments_are_kept_by_marketing_and_managers_and_checked(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let sales = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let support = teammate(conn, &owner, "desk@example.cn", Role::Support).await;
    let c = person(conn, &owner, "张伟", "").await;
    let fixed = || named("Picked", Definition::Fixed, vec![c.id]);
    for who in [&sales, &support] {
        assert_eq!(
            create(conn, who, fixed()).await.unwrap_err(),
            AppError::Forbidden
        );
    }
    let saved = create(conn, &owner, fixed()).await.unwrap();
    assert_eq!(
        list(conn, &support).await.unwrap()[0].id,
        saved.id,
        "everyone who sees customers reads segments"
    );
    assert_eq!(
        delete(conn, &sales, saved.id, saved.version)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );

    let taken = create(conn, &owner, fixed()).await.unwrap_err();
    assert_eq!(taken.field("name"), [Invalid::Taken]);
    let blank = create(conn, &owner, named("  ", Definition::Rfm(vec![]), vec![]))
        .await
        .unwrap_err();
    assert_eq!(blank.field("name"), [Invalid::Required]);
    assert_eq!(blank.field("definition"), [Invalid::Choice]);
    let twice = Definition::Rfm(vec![Segment::Lost, Segment::Lost]);
    let repeated = create(conn, &owner, named("x", twice, vec![]))
        .await
        .unwrap_err();
    assert_eq!(repeated.field("definition"), [Invalid::Choice]);
    let empty = create(conn, &owner, named("y", Definition::Fixed, vec![]))
        .await
        .unwrap_err();
    assert_eq!(empty.field("contacts"), [Invalid::Required]);
    let long = create(
        conn,
        &owner,
        named(&"名".repeat(101), Definition::Fixed, vec![c.id]),
    )
    .await
    .unwrap_err();
    assert_eq!(long.field("name"), [Invalid::TooLong { max: 100 }]);
    assert_eq!(
        list(conn, &owner).await.unwrap().len(),
        1,
        "nothing else saved"
    );
    assert_eq!(
        refresh(conn, &owner, Uuid::now_v7(), 1).await.unwrap_err(),
        AppError::NotFound
    );
}
db_test!(segments_are_kept_by_marketing_and_managers_and_checked);
