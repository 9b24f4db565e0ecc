//! Service tests of the duplicate scan, merge and undo, each on SQLite and on PostgreSQL.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::merge::{merge, merges_of, undo};
use super::service::find;
use super::types::{MergeForm, Reason};
use uuid::Uuid;

use crate::core::actor::Role;
use crate::customers::history::entity::{interaction, order};
use crate::customers::history::orders::add_order;
use crate::customers::history::service::log;
use crate::customers::history::types::{InteractionForm, OrderForm};
use crate::customers::segments::entity::segment_member;
use crate::customers::segments::service as segments;
use crate::customers::segments::types::{Definition, NewSegment};
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::ContactForm;
use crate::db_test;
use crate::error::{AppError, Invalid};

fn person(name: &str, email: &str, phone: &str, company: &str, tags: &str) -> ContactForm {
    ContactForm {
        email: email.into(),
        phone: phone.into(),
        company: company.into(),
        tags: tags.into(),
        ..form(name)
    }
}

async fn a_merge_takes_everything_over_and_can_be_undone(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let emily = contacts::create(
        conn,
        &owner,
        &person("Emily Chen", "emily@example.com", "", "Acme", "vip"),
    )
    .await
    .unwrap();
    let twin = contacts::create(
        conn,
        &owner,
        &person(
            "Emilie Chen",
            "emily@example.com",
            "+65 6123 4567",
            "",
            "east",
        ),
    )
    .await
    .unwrap();
    contacts::create(
        conn,
        &owner,
        &person("Someone Else", "else@example.com", "", "", ""),
    )
    .await
    .unwrap();
    let call = InteractionForm {
        kind: "call".into(),
        body: "Asked for a quote".into(),
        ..InteractionForm::default()
    };
    log(conn, &owner, twin.id, &call, Utc::now()).await.unwrap();
    let order_form = OrderForm {
        number: "T-1".into(),
        ordered_on: "2026-01-05".into(),
        amount: "88".into(),
        currency: "CNY".into(),
        status: "paid".into(),
        note: String::new(),
        ..OrderForm::default()
    };
    add_order(conn, &owner, twin.id, &order_form, Utc::now())
        .await
        .unwrap();

    let picked = segments::create(
        conn,
        &owner,
        NewSegment {
            name: "Picked".into(),
            definition: Definition::Fixed,
            contacts: vec![twin.id],
        },
    )
    .await
    .unwrap();
    let in_picked = || async {
        let mut ids: Vec<Uuid> = segment_member::Entity::find()
            .filter(segment_member::Column::SegmentId.eq(picked.id))
            .all(conn)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.contact_id)
            .collect();
        ids.sort();
        ids
    };

    let found = find(conn, &owner).await.unwrap();
    assert_eq!(found.total, 1);
    let group = &found.groups[0];
    assert_eq!(group.score, 100);
    assert_eq!(group.reasons, [Reason::SameEmail]);
    let mut ids: Vec<_> = group.contacts.iter().map(|c| c.id).collect();
    ids.sort();
    let mut expected = vec![emily.id, twin.id];
    expected.sort();
    assert_eq!(ids, expected);

    let form = MergeForm {
        survivor: emily.id,
        contacts: vec![emily.id, twin.id],
        versions: vec![emily.version, twin.version],
        choices: BTreeMap::from([("phone".to_owned(), twin.id)]),
    };
    let merged = merge(conn, &owner, &form, Utc::now()).await.unwrap();
    assert_eq!(
        merged.name, "Emily Chen",
        "the survivor's value where none is chosen"
    );
    assert_eq!(
        merged.phone.as_deref(),
        Some("+6561234567"),
        "the chosen value"
    );
    assert_eq!(merged.company_name.as_deref(), Some("Acme"));
    assert_eq!(merged.tags, ["east", "vip"]);
    let moved = interaction::Entity::find()
        .filter(interaction::Column::ContactId.eq(emily.id))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(moved.len(), 1, "the history moved");
    let orders = order::Entity::find()
        .filter(order::Column::ContactId.eq(emily.id))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(orders.len(), 1, "the orders moved");
    assert!(contacts::get(conn, &owner, twin.id).await.unwrap().archived);
    assert!(in_picked().await.contains(&emily.id), "the segment moved");
    assert_eq!(
        find(conn, &owner).await.unwrap().total,
        0,
        "nothing left to merge"
    );
    // Merging again from what the user saw before is a conflict.
    assert!(matches!(
        merge(conn, &owner, &form, Utc::now()).await,
        Err(AppError::Conflict { .. })
    ));

    let history = merges_of(conn, &owner, emily.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].merged, ["Emilie Chen"]);
    let restored = undo(conn, &owner, history[0].id, Utc::now()).await.unwrap();
    assert_eq!(restored.phone, None);
    assert_eq!(restored.tags, ["vip"]);
    let twin_again = contacts::get(conn, &owner, twin.id).await.unwrap();
    assert!(!twin_again.archived);
    assert_eq!(twin_again.phone.as_deref(), Some("+6561234567"));
    let back = interaction::Entity::find()
        .filter(interaction::Column::ContactId.eq(twin.id))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(back.len(), 1, "the history went back");
    let orders_back = order::Entity::find()
        .filter(order::Column::ContactId.eq(twin.id))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(orders_back.len(), 1, "the orders went back");
    assert_eq!(in_picked().await, [twin.id], "the segment went back");
    assert!(merges_of(conn, &owner, emily.id).await.unwrap()[0].undone);
    assert!(
        matches!(
            undo(conn, &owner, history[0].id, Utc::now()).await,
            Err(AppError::Conflict { .. })
        ),
        "once"
    );

    let actions: Vec<String> = crate::core::audit::entity::Entity::find()
        .filter(crate::core::audit::entity::Column::JobId.eq(history[0].id))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["contact.merge", "contact.merge_undo"]);
}

db_test!(a_merge_takes_everything_over_and_can_be_undone);

async fn an_edit_after_a_merge_blocks_its_undo(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let a = contacts::create(conn, &owner, &person("张伟", "", "138 0013 8000", "", ""))
        .await
        .unwrap();
    let b = contacts::create(conn, &owner, &person("张伟", "", "13800138000", "", ""))
        .await
        .unwrap();
    let form = MergeForm {
        survivor: b.id,
        contacts: vec![a.id, b.id],
        versions: vec![a.version, b.version],
        choices: BTreeMap::new(),
    };
    let merged = merge(conn, &owner, &form, Utc::now()).await.unwrap();
    let mut edit = contacts::form_of(&merged);
    edit.city = "上海".into();
    contacts::update(conn, &owner, merged.id, &edit, merged.version)
        .await
        .unwrap();
    let merge_id = merges_of(conn, &owner, b.id).await.unwrap()[0].id;
    assert!(matches!(
        undo(conn, &owner, merge_id, Utc::now()).await,
        Err(AppError::Conflict { .. })
    ));
    // Erasing the person takes the merge's copy of their data with them.
    crate::privacy::service::erase(
        conn,
        &crate::core::files::Store::temporary(),
        &owner,
        b.id,
        "张伟",
    )
    .await
    .unwrap();
    assert!(
        super::entity::contact_merge::Entity::find()
            .all(conn)
            .await
            .unwrap()
            .is_empty()
    );
}

db_test!(an_edit_after_a_merge_blocks_its_undo);

async fn merges_are_checked_and_for_owners_and_managers(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let a = contacts::create(conn, &owner, &form("A")).await.unwrap();
    let b = contacts::create(conn, &owner, &form("B")).await.unwrap();
    let alone = MergeForm {
        survivor: a.id,
        contacts: vec![a.id],
        versions: vec![a.version],
        choices: BTreeMap::new(),
    };
    assert_eq!(
        merge(conn, &owner, &alone, Utc::now())
            .await
            .unwrap_err()
            .field("survivor"),
        [Invalid::Choice]
    );
    let outsider = MergeForm {
        survivor: a.id,
        contacts: vec![a.id, b.id],
        versions: vec![a.version, b.version],
        choices: BTreeMap::from([("password".to_owned(), a.id)]),
    };
    assert_eq!(
        merge(conn, &owner, &outsider, Utc::now())
            .await
            .unwrap_err()
            .field("choices"),
        [Invalid::Choice]
    );
    let sales = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let fine = MergeForm {
        choices: BTreeMap::new(),
        ..outsider
    };
    assert_eq!(
        merge(conn, &sales, &fine, Utc::now()).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(find(conn, &sales).await.unwrap_err(), AppError::Forbidden);
}

db_test!(merges_are_checked_and_for_owners_and_managers);
