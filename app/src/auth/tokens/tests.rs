use chrono::{TimeDelta, Utc};
use sea_orm::DatabaseConnection;

use super::service::{PREFIX, create, list, resolve, revoke};
use super::types::{Area, Scope, TokenForm};
use crate::core::actor::Role;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

fn form(name: &str, scopes: &[&str], days: &str) -> TokenForm {
    TokenForm {
        name: name.into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        expires_days: days.into(),
    }
}

async fn a_token_acts_for_its_maker_within_its_scopes_until_revoked(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let now = Utc::now();
    let made = create(
        conn,
        &rep,
        &form("ERP", &["contacts:write", "deals:read"], "30"),
        now,
    )
    .await
    .unwrap();
    assert!(made.secret.starts_with(PREFIX), "{}", made.secret);
    // In whole seconds: PostgreSQL keeps microseconds.
    let expires = made.token.expires_at.map(|at| at.timestamp());
    assert_eq!(expires, Some((now + TimeDelta::days(30)).timestamp()));

    let (actor, scopes) = resolve(conn, &made.secret, now).await.unwrap().unwrap();
    assert_eq!(actor.user.id, rep.user.id, "it acts as its maker");
    let asked = |area, write| Scope::allows(&scopes, Scope { area, write });
    assert!(asked(Area::Contacts, false) && asked(Area::Contacts, true));
    assert!(asked(Area::Deals, false) && !asked(Area::Deals, true));
    assert!(!asked(Area::Tickets, false));
    // Only its hash is kept, and only its maker sees it listed.
    let listed = list(conn, &rep).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some(), "its use is shown");
    assert!(list(conn, &owner).await.unwrap().is_empty());

    let wrong = format!("{}x", made.secret);
    assert!(resolve(conn, &wrong, now).await.unwrap().is_none());
    let later = now + TimeDelta::days(31);
    assert!(
        resolve(conn, &made.secret, later).await.unwrap().is_none(),
        "expired"
    );

    assert_eq!(
        revoke(conn, &owner, made.token.id).await.unwrap_err(),
        AppError::NotFound,
        "another person's token is not theirs to revoke"
    );
    revoke(conn, &rep, made.token.id).await.unwrap();
    assert!(resolve(conn, &made.secret, now).await.unwrap().is_none());
}
db_test!(a_token_acts_for_its_maker_within_its_scopes_until_revoked);

async fn a_token_needs_a_name_a_known_scope_and_a_sensible_expiry(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let now = Utc::now();
    let refused = create(conn, &owner, &form(" ", &["orders:fly"], "0"), now)
        .await
        .unwrap_err();
    assert_eq!(refused.field("name"), [Invalid::Required]);
    assert_eq!(refused.field("scopes"), [Invalid::Choice]);
    assert_eq!(
        refused.field("expires_days"),
        [Invalid::Range { min: 1, max: 3650 }]
    );
    let none = create(conn, &owner, &form("Nothing", &[], ""), now)
        .await
        .unwrap_err();
    assert_eq!(none.field("scopes"), [Invalid::Required]);
    assert!(
        list(conn, &owner).await.unwrap().is_empty(),
        "nothing was made"
    );
}
db_test!(a_token_needs_a_name_a_known_scope_and_a_sensible_expiry);
