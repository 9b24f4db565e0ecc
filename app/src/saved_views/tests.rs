//! Service tests of saved views, each on SQLite and on PostgreSQL.

use sea_orm::DatabaseConnection;

use super::service::{delete, list, save};
use crate::core::actor::Role;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

async fn views_are_personal_named_and_replaced_by_name(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let customers = save(
        conn,
        &owner,
        "contacts",
        " 我的 客户 ",
        "?lifecycle=customer",
    )
    .await
    .unwrap();
    assert_eq!(customers.name, "我的 客户");
    save(conn, &owner, "contacts", "Leads", "?lifecycle=lead")
        .await
        .unwrap();
    let replaced = save(
        conn,
        &owner,
        "contacts",
        "我的 客户",
        "?lifecycle=customer&sort=newest",
    )
    .await
    .unwrap();
    assert_eq!(replaced.id, customers.id, "the same name replaces the view");
    let mine = list(conn, &owner, "contacts").await.unwrap();
    let names: Vec<&str> = mine.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Leads", "我的 客户"]);
    assert_eq!(mine[1].query, "?lifecycle=customer&sort=newest");
    assert!(
        list(conn, &rep, "contacts").await.unwrap().is_empty(),
        "views are personal"
    );

    assert_eq!(
        delete(conn, &rep, customers.id).await.unwrap_err(),
        AppError::NotFound
    );
    delete(conn, &owner, customers.id).await.unwrap();
    assert_eq!(list(conn, &owner, "contacts").await.unwrap().len(), 1);

    let bad = save(conn, &owner, "contacts", "", "//elsewhere")
        .await
        .unwrap_err();
    assert_eq!(bad.field("name"), [Invalid::Required]);
    assert_eq!(bad.field("query"), [Invalid::Choice]);
    let unknown = save(conn, &owner, "secrets", "x", "").await.unwrap_err();
    assert_eq!(unknown.field("list"), [Invalid::Choice]);
}
db_test!(views_are_personal_named_and_replaced_by_name);
