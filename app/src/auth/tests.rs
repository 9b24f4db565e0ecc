//! Service tests of accounts and sessions, each on SQLite and on PostgreSQL.

mod password_links;

use chrono::{TimeDelta, Utc};
use sea_orm::DatabaseConnection;

use super::service::*;
use super::session::{self, IDLE_TIMEOUT};
use super::throttle::LoginThrottle;
use super::types::{NewUserForm, UserChange};
use crate::core::actor::{Actor, Device, Role, User};
use crate::core::code::TextCode;
use crate::core::signing::SecretKey;
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::workspace::service::setup;
use crate::workspace::types::SetupForm;

pub(crate) fn setup_form() -> SetupForm {
    SetupForm {
        company_name: "  榕树  贸易 ".into(),
        country: "CN".into(),
        time_zone: "Asia/Shanghai".into(),
        base_currency: "CNY".into(),
        default_locale: "zh-CN".into(),
        name: "王芳".into(),
        email: "Wang.Fang@Example.CN".into(),
        password: "correct horse".into(),
    }
}

/// The key of the tests' sign-ins, kept for as long as the futures that borrow it.
pub(crate) fn test_key() -> &'static SecretKey {
    static KEY: std::sync::LazyLock<SecretKey> = std::sync::LazyLock::new(SecretKey::for_tests);
    &KEY
}

pub(crate) async fn owner(conn: &DatabaseConnection) -> Actor {
    let (user, token) = setup(conn, setup_form(), Device::default(), Utc::now())
        .await
        .unwrap();
    let signed = session::resolve(conn, &token, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.user, user);
    signed
}

pub(super) async fn add(conn: &DatabaseConnection, by: &Actor, email: &str, role: Role) -> User {
    let form = NewUserForm {
        email: email.into(),
        name: email.split('@').next().unwrap_or_default().into(),
        role: role.as_str().into(),
        password: "a good password".into(),
    };
    create_user(conn, &SecretKey::for_tests(), by, form)
        .await
        .unwrap()
        .0
}

async fn login_checks_the_password_and_opens_a_session(conn: &DatabaseConnection) {
    owner(conn).await;
    let throttle = LoginThrottle::default();
    let wrong = login(
        conn,
        test_key(),
        &throttle,
        "wang.fang@example.cn",
        "wrong",
        Device::default(),
        Utc::now(),
    );
    assert_eq!(
        wrong.await.unwrap_err().field("password"),
        [Invalid::Credentials]
    );
    let unknown = login(
        conn,
        test_key(),
        &throttle,
        "nobody@example.cn",
        "correct horse",
        Device::default(),
        Utc::now(),
    );
    assert_eq!(
        unknown.await.unwrap_err().field("password"),
        [Invalid::Credentials]
    );
    // Both failures are kept for the owner, with the account tried when there is one.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let failed: Vec<(Option<uuid::Uuid>, serde_json::Value)> =
        crate::core::audit::entity::Entity::find()
            .filter(crate::core::audit::entity::Column::Action.eq("user.login_failed"))
            .order_by_asc(crate::core::audit::entity::Column::At)
            .all(conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.record_id, e.changes.unwrap()))
            .collect();
    assert_eq!(failed.len(), 2);
    assert!(failed[0].0.is_some(), "the owner's account was tried");
    assert_eq!(failed[0].1["email"], "wang.fang@example.cn");
    assert_eq!(
        (failed[1].0, &failed[1].1["email"]),
        (None, &serde_json::json!("nobody@example.cn"))
    );
    let device = Device {
        user_agent: Some("Chrome".into()),
        ip: Some("198.51.100.7".into()),
        id: Some("a browser".into()),
    };
    let (user, token) = login(
        conn,
        test_key(),
        &throttle,
        " WANG.FANG@example.cn",
        "correct horse",
        device,
        Utc::now(),
    )
    .await
    .unwrap()
    .session()
    .unwrap();
    let signed = session::resolve(conn, &token, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.user.id, user.id);
    let sessions = session::list(conn, &signed, Utc::now()).await.unwrap();
    assert_eq!(sessions.len(), 2, "setup's session and this one");
    assert!(
        sessions
            .iter()
            .any(|s| s.current && s.ip.as_deref() == Some("198.51.100.7") && s.new_device),
        "a browser the owner had not signed in from: {sessions:?}"
    );
    let device = Device {
        id: Some("a browser".into()),
        ..Device::default()
    };
    let key = SecretKey::for_tests();
    let again = login(
        conn,
        &key,
        &throttle,
        "wang.fang@example.cn",
        "correct horse",
        device,
        Utc::now(),
    );
    let (_, token) = again.await.unwrap().session().unwrap();
    let signed = session::resolve(conn, &token, Utc::now())
        .await
        .unwrap()
        .unwrap();
    let sessions = session::list(conn, &signed, Utc::now()).await.unwrap();
    assert!(
        sessions.iter().any(|s| s.current && !s.new_device),
        "seen before"
    );
    let noticed = crate::core::audit::entity::Entity::find()
        .filter(crate::core::audit::entity::Column::Action.eq("session.new_device"))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(noticed.len(), 1);
}
db_test!(login_checks_the_password_and_opens_a_session);

async fn repeated_failures_lock_the_account_for_a_while(conn: &DatabaseConnection) {
    owner(conn).await;
    let throttle = LoginThrottle::default();
    for _ in 0..5 {
        let attempt = login(
            conn,
            test_key(),
            &throttle,
            "wang.fang@example.cn",
            "guess",
            Device::default(),
            Utc::now(),
        );
        assert!(matches!(attempt.await, Err(AppError::Validation(_))));
    }
    let right = login(
        conn,
        test_key(),
        &throttle,
        "wang.fang@example.cn",
        "correct horse",
        Device::default(),
        Utc::now(),
    );
    assert!(
        matches!(right.await, Err(AppError::RateLimited { retry_after_secs }) if retry_after_secs > 0)
    );
}
db_test!(repeated_failures_lock_the_account_for_a_while);

async fn sessions_end_by_logout_idleness_and_age(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let now = Utc::now();
    let token = session::start(conn, owner.user.id, Device::default(), now)
        .await
        .unwrap();
    let idle = now + IDLE_TIMEOUT + TimeDelta::minutes(1);
    assert!(
        session::resolve(conn, &token, idle)
            .await
            .unwrap()
            .is_none(),
        "idle too long"
    );
    let token = session::start(conn, owner.user.id, Device::default(), now)
        .await
        .unwrap();
    let mut later = now;
    for _ in 0..6 {
        later += TimeDelta::days(5);
        let seen = session::resolve(conn, &token, later).await.unwrap();
        if later - now < session::ABSOLUTE_TIMEOUT {
            assert!(seen.is_some(), "kept alive by use at {later}");
        } else {
            assert!(seen.is_none(), "too old at {later}");
        }
    }
    let token = session::start(conn, owner.user.id, Device::default(), now)
        .await
        .unwrap();
    let signed = session::resolve(conn, &token, now).await.unwrap().unwrap();
    logout(conn, &signed).await.unwrap();
    assert!(session::resolve(conn, &token, now).await.unwrap().is_none());
}
db_test!(sessions_end_by_logout_idleness_and_age);

async fn deactivating_a_user_ends_their_sessions(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let li = add(conn, &owner, "li.na@example.cn", Role::Sales).await;
    let throttle = LoginThrottle::default();
    let (_, token) = login(
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
    let change = UserChange {
        name: li.name.clone(),
        role: Role::Sales,
        active: false,
    };
    let updated = update_user(conn, &owner, li.id, change, li.version)
        .await
        .unwrap();
    assert!(!updated.active);
    assert!(
        session::resolve(conn, &token, Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    let again = login(
        conn,
        test_key(),
        &throttle,
        "li.na@example.cn",
        "a good password",
        Device::default(),
        Utc::now(),
    );
    assert_eq!(
        again.await.unwrap_err().field("password"),
        [Invalid::Credentials]
    );
}
db_test!(deactivating_a_user_ends_their_sessions);

async fn a_stale_edit_is_a_conflict_with_the_current_record(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let li = add(conn, &owner, "li.na@example.cn", Role::Sales).await;
    let first = UserChange {
        name: "李娜".into(),
        role: Role::Manager,
        active: true,
    };
    update_user(conn, &owner, li.id, first, li.version)
        .await
        .unwrap();
    let stale = UserChange {
        name: "Li Na".into(),
        role: Role::Support,
        active: true,
    };
    let err = update_user(conn, &owner, li.id, stale, li.version)
        .await
        .unwrap_err();
    let AppError::Conflict { current } = err else {
        panic!("expected a conflict, got {err:?}")
    };
    assert_eq!(current["name"], "李娜");
    assert_eq!(current["role"], "manager");
}
db_test!(a_stale_edit_is_a_conflict_with_the_current_record);

async fn the_last_owner_stays_an_owner(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let me = owner.user.clone();
    let demote = UserChange {
        name: me.name.clone(),
        role: Role::Manager,
        active: true,
    };
    let err = update_user(conn, &owner, me.id, demote, me.version)
        .await
        .unwrap_err();
    assert_eq!(err.field("role"), [Invalid::LastOwner]);
}
db_test!(the_last_owner_stays_an_owner);

async fn only_the_owner_administers_users(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    add(conn, &owner, "manager@example.cn", Role::Manager).await;
    let throttle = LoginThrottle::default();
    let (_, token) = login(
        conn,
        test_key(),
        &throttle,
        "manager@example.cn",
        "a good password",
        Device::default(),
        Utc::now(),
    )
    .await
    .unwrap()
    .session()
    .unwrap();
    let manager = session::resolve(conn, &token, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        list_users(conn, &manager).await.unwrap_err(),
        AppError::Forbidden
    );
    let form = NewUserForm {
        email: "x@example.cn".into(),
        name: "X".into(),
        role: "owner".into(),
        password: "a good password".into(),
    };
    assert_eq!(
        create_user(conn, &SecretKey::for_tests(), &manager, form)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(list_users(conn, &owner).await.unwrap().len(), 2);
}
db_test!(only_the_owner_administers_users);

async fn emails_are_unique_whatever_their_case(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let form = NewUserForm {
        email: "WANG.FANG@example.cn".into(),
        name: "Another".into(),
        role: "sales".into(),
        password: "a good password".into(),
    };
    assert_eq!(
        create_user(conn, &SecretKey::for_tests(), &owner, form)
            .await
            .unwrap_err()
            .field("email"),
        [Invalid::Taken]
    );
}
db_test!(emails_are_unique_whatever_their_case);

async fn a_password_change_keeps_only_this_device(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let other = session::start(conn, owner.user.id, Device::default(), Utc::now())
        .await
        .unwrap();
    let wrong = change_password(conn, &owner, "not it", "a new password")
        .await
        .unwrap_err();
    assert_eq!(wrong.field("current_password"), [Invalid::Credentials]);
    change_password(conn, &owner, "correct horse", "a new password")
        .await
        .unwrap();
    assert!(
        session::resolve(conn, &other, Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    let throttle = LoginThrottle::default();
    let old = login(
        conn,
        test_key(),
        &throttle,
        "wang.fang@example.cn",
        "correct horse",
        Device::default(),
        Utc::now(),
    );
    assert!(old.await.is_err());
    let new = login(
        conn,
        test_key(),
        &throttle,
        "wang.fang@example.cn",
        "a new password",
        Device::default(),
        Utc::now(),
    );
    assert!(new.await.is_ok());
}
db_test!(a_password_change_keeps_only_this_device);
