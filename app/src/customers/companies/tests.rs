//! Service tests of companies, each on SQLite and on PostgreSQL.

use chrono::Utc;
use sea_orm::DatabaseConnection;

use super::service;
use super::types::{CompanyForm, CompanyQuery};
use crate::core::actor::Role;
use crate::customers::history::orders::add_order;
use crate::customers::history::types::OrderForm;
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::ContactQuery;
use crate::db_test;
use crate::error::{AppError, Invalid};

async fn person_at(
    conn: &DatabaseConnection,
    who: &crate::core::actor::Actor,
    name: &str,
    company: &str,
) -> uuid::Uuid {
    let mut person = form(name);
    person.company = company.into();
    person.owner_id = who.user.id.to_string();
    contacts::create(conn, who, &person).await.unwrap().id
}

fn search(q: &str) -> CompanyQuery {
    CompanyQuery {
        q: q.into(),
        ..CompanyQuery::default()
    }
}

async fn the_list_searches_counts_people_and_pages(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    person_at(conn, &owner, "张伟", "榕树贸易").await;
    person_at(conn, &owner, "李娜", "榕树贸易").await;
    for i in 0..service::PAGE_SIZE {
        person_at(conn, &owner, &format!("P{i}"), &format!("Acme {i:03}")).await;
    }
    let found = service::list(conn, &owner, &search("榕树")).await.unwrap();
    assert_eq!(found.rows.len(), 1);
    assert_eq!(found.rows[0].people, 2);
    assert_eq!(
        found.rows[0].owner_name.as_deref(),
        Some("王芳"),
        "the first contact's owner"
    );
    let first = service::list(conn, &owner, &search("")).await.unwrap();
    assert_eq!(first.rows.len() as u64, service::PAGE_SIZE);
    assert_eq!(first.rows[0].name, "Acme 000", "by name");
    let rest = service::list(
        conn,
        &owner,
        &CompanyQuery {
            after: first.next.clone(),
            ..CompanyQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        rest.rows
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["榕树贸易"]
    );
    assert_eq!(rest.next, None);
}

db_test!(the_list_searches_counts_people_and_pages);

async fn an_edit_is_checked_versioned_and_renames_everywhere(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = person_at(conn, &owner, "张伟", "Old Name").await;
    let company_id = contacts::get(conn, &owner, zhang)
        .await
        .unwrap()
        .company_id
        .unwrap();
    let before = service::get(conn, &owner, company_id).await.unwrap();
    let bad = CompanyForm {
        name: " ".into(),
        country: "China".into(),
        email: "nope".into(),
        ..CompanyForm::default()
    };
    let err = service::update(conn, &owner, company_id, &bad, before.version)
        .await
        .unwrap_err();
    assert_eq!(err.field("name"), [Invalid::Required]);
    assert_eq!(err.field("country"), [Invalid::Choice]);
    assert_eq!(err.field("email"), [Invalid::Email]);
    let good = CompanyForm {
        name: "Banyan Trading".into(),
        country: "cn".into(),
        phone: "021 6555 1234".into(),
        industry: "Retail".into(),
        ..CompanyForm::default()
    };
    let after = service::update(conn, &owner, company_id, &good, before.version)
        .await
        .unwrap();
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.country.as_deref(), Some("CN"));
    assert_eq!(after.phone.as_deref(), Some("+862165551234"));
    let stale = service::update(conn, &owner, company_id, &good, before.version)
        .await
        .unwrap_err();
    assert!(matches!(stale, AppError::Conflict { .. }), "{stale:?}");
    // The people there are found by the new name.
    let query = ContactQuery {
        q: "banyan trading".into(),
        ..ContactQuery::default()
    };
    let found = contacts::list(conn, &owner, &query).await.unwrap();
    assert_eq!(found.rows.len(), 1);
    assert_eq!(
        found.rows[0].company_name.as_deref(),
        Some("Banyan Trading")
    );

    let sales = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let err = service::update(conn, &sales, company_id, &good, after.version)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        AppError::Forbidden,
        "sales edit the companies they own only"
    );
}

db_test!(an_edit_is_checked_versioned_and_renames_everywhere);

async fn revenue_adds_up_everyone_at_the_company(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let zhang = person_at(conn, &owner, "张伟", "榕树贸易").await;
    let li = person_at(conn, &owner, "李娜", "榕树贸易").await;
    let elsewhere = person_at(conn, &owner, "王芳", "Other").await;
    for (who, number, amount, status) in [
        (zhang, "A1", "100", "paid"),
        (li, "A2", "250.50", "fulfilled"),
        (li, "A3", "999", "refunded"),
        (elsewhere, "B1", "7", "paid"),
    ] {
        let order = OrderForm {
            number: number.into(),
            ordered_on: "2026-01-05".into(),
            amount: amount.into(),
            currency: "CNY".into(),
            status: status.into(),
            note: String::new(),
            ..OrderForm::default()
        };
        add_order(conn, &owner, who, &order, Utc::now())
            .await
            .unwrap();
    }
    let company_id = contacts::get(conn, &owner, zhang)
        .await
        .unwrap()
        .company_id
        .unwrap();
    let totals = service::totals(conn, &owner, company_id).await.unwrap();
    assert_eq!(totals.orders, 2, "refunds are no revenue");
    assert_eq!(totals.revenue.len(), 1);
    assert_eq!(totals.revenue[0].minor, 35_050);
}

db_test!(revenue_adds_up_everyone_at_the_company);
