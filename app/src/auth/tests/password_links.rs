//! Invitations and password links: signed, expiring, single-use.

use chrono::{TimeDelta, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::test_key;
use super::{add, owner};
use crate::auth::password_link::{VALID_FOR, accept, issue, open};
use crate::auth::service::{create_user, create_user_from_cli, login, update_user};
use crate::auth::session;
use crate::auth::throttle::LoginThrottle;
use crate::auth::types::{NewUserForm, UserChange};
use crate::core::actor::Device;
use crate::core::actor::Role;
use crate::core::audit;
use crate::core::signing::SecretKey;
use crate::db_test;
use crate::error::{AppError, Invalid};

fn invitation(email: &str) -> NewUserForm {
    NewUserForm {
        email: email.into(),
        name: "陈晨".into(),
        role: "support".into(),
        password: String::new(),
    }
}

fn refused_link<T: std::fmt::Debug>(result: Result<T, AppError>) -> bool {
    result.unwrap_err().field("token") == [Invalid::Link]
}

async fn an_invited_teammate_chooses_a_password_once(conn: &DatabaseConnection) {
    let key = SecretKey::for_tests();
    let owner = owner(conn).await;
    let (invited, link) = create_user(conn, &key, &owner, invitation("chen@example.cn"))
        .await
        .unwrap();
    let link = link.expect("no password: a link");
    assert!(invited.invited);
    let throttle = LoginThrottle::default();
    let no_password_yet = login(
        conn,
        test_key(),
        &throttle,
        "chen@example.cn",
        "",
        Device::default(),
        Utc::now(),
    );
    assert!(no_password_yet.await.is_err());

    let holder = open(conn, &key, &link.token, Utc::now()).await.unwrap();
    assert_eq!(
        (holder.name.as_str(), holder.email.as_str()),
        ("陈晨", "chen@example.cn")
    );
    let short = accept(
        conn,
        &key,
        &link.token,
        "short",
        Device::default(),
        Utc::now(),
    )
    .await;
    assert_eq!(
        short.unwrap_err().field("password"),
        [Invalid::TooShort { min: 8 }]
    );

    let (user, token) = accept(
        conn,
        &key,
        &link.token,
        "my own password",
        Device::default(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(user.id, invited.id);
    assert!(!user.invited);
    let signed = session::resolve(conn, &token, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.user.id, invited.id, "signed in at once");
    let login = login(
        conn,
        test_key(),
        &throttle,
        "chen@example.cn",
        "my own password",
        Device::default(),
        Utc::now(),
    );
    assert!(login.await.is_ok());

    let again = accept(
        conn,
        &key,
        &link.token,
        "someone else's",
        Device::default(),
        Utc::now(),
    );
    assert!(refused_link(again.await), "a link works once");
    assert!(refused_link(
        open(conn, &key, &link.token, Utc::now()).await
    ));
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "user.password_by_link" && e.actor_id == Some(invited.id))
    );
}
db_test!(an_invited_teammate_chooses_a_password_once);

async fn a_password_link_ends_the_old_sessions(conn: &DatabaseConnection) {
    let key = SecretKey::for_tests();
    let owner = owner(conn).await;
    add(conn, &owner, "li.na@example.cn", Role::Sales).await;
    let throttle = LoginThrottle::default();
    let (li, old) = login(
        conn,
        test_key(),
        &throttle,
        "li.na@example.cn",
        "a good password",
        Device::default(),
        Utc::now(),
    )
    .await
    .unwrap()
    .session()
    .unwrap();
    let link = issue(conn, &key, &owner, li.id, Utc::now()).await.unwrap();
    accept(
        conn,
        &key,
        &link.token,
        "a new password",
        Device::default(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(
        session::resolve(conn, &old, Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    let with_old = login(
        conn,
        test_key(),
        &throttle,
        "li.na@example.cn",
        "a good password",
        Device::default(),
        Utc::now(),
    );
    assert!(with_old.await.is_err());
}
db_test!(a_password_link_ends_the_old_sessions);

async fn bad_links_are_all_refused_alike(conn: &DatabaseConnection) {
    let key = SecretKey::for_tests();
    let owner = owner(conn).await;
    let li = add(conn, &owner, "li.na@example.cn", Role::Sales).await;
    let now = Utc::now();
    let link = issue(conn, &key, &owner, li.id, now).await.unwrap();
    assert_eq!(link.expires_at, now + VALID_FOR);
    assert!(open(conn, &key, &link.token, now).await.is_ok());

    let later = now + VALID_FOR + TimeDelta::seconds(1);
    assert!(
        refused_link(open(conn, &key, &link.token, later).await),
        "expired"
    );
    let mut tampered = link.token.clone();
    let last = if tampered.ends_with('A') { "B" } else { "A" };
    tampered.replace_range(tampered.len() - 1.., last);
    assert!(
        refused_link(open(conn, &key, &tampered, now).await),
        "tampered"
    );
    let other_key = SecretKey::new(&"another workspace's key ".repeat(2)).unwrap();
    assert!(
        refused_link(open(conn, &other_key, &link.token, now).await),
        "other key"
    );
    assert!(refused_link(open(conn, &key, "not a token", now).await));

    let manager = add(conn, &owner, "boss@example.cn", Role::Manager).await;
    let manager = crate::core::actor::Actor {
        user: manager,
        session_id: owner.session_id,
    };
    assert_eq!(
        issue(conn, &key, &manager, li.id, now).await.unwrap_err(),
        AppError::Forbidden
    );

    let change = UserChange {
        name: li.name.clone(),
        role: li.role,
        active: false,
    };
    update_user(conn, &owner, li.id, change, li.version)
        .await
        .unwrap();
    assert!(
        refused_link(open(conn, &key, &link.token, now).await),
        "deactivated"
    );
    assert_eq!(
        issue(conn, &key, &owner, li.id, now).await.unwrap_err(),
        AppError::Forbidden
    );
}
db_test!(bad_links_are_all_refused_alike);

async fn the_command_line_still_needs_a_password(conn: &DatabaseConnection) {
    owner(conn).await;
    let err = create_user_from_cli(conn, invitation("cli@example.cn"))
        .await
        .unwrap_err();
    assert_eq!(err.field("password"), [Invalid::Required]);
}
db_test!(the_command_line_still_needs_a_password);
