//! Service tests of two-factor sign-in, each on SQLite and on PostgreSQL.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::entity::secret;
use super::otp::code_at;
use super::service::*;
use super::types::{Enrolment, LoginStep};
use crate::auth::service::{SignIn, login, reset_password};
use crate::auth::session;
use crate::auth::tests::{add, owner, test_key};
use crate::auth::throttle::LoginThrottle;
use crate::core::actor::{Actor, Device, Role};
use crate::core::signing::SecretKey;
use crate::db_test;
use crate::error::{AppError, Invalid};

fn key() -> &'static SecretKey {
    test_key()
}

/// The secret a person would scan, read back from the key shown under the QR code.
fn seed(enrolment: &Enrolment) -> Vec<u8> {
    totp_rs::Secret::try_from_base32(&enrolment.key)
        .unwrap()
        .as_ref()
        .to_vec()
}

/// The code the person's app shows at `at`.
fn code(enrolment: &Enrolment, at: DateTime<Utc>) -> String {
    code_at(&seed(enrolment), at.timestamp())
}

async fn password(
    conn: &DatabaseConnection,
    throttle: &LoginThrottle,
    email: &str,
    password: &str,
) -> Result<SignIn, AppError> {
    let now = Utc::now();
    login(
        conn,
        key(),
        throttle,
        email,
        password,
        Device::default(),
        now,
    )
    .await
}

fn refused(answer: Result<impl std::fmt::Debug, AppError>, why: Invalid) {
    match answer {
        Err(err) => assert_eq!(err.field("code"), [why], "{err:?}"),
        Ok(ok) => panic!("accepted: {ok:?}"),
    }
}

/// Turns a second factor on for `who` and answers with what they scanned, their codes, and
/// when the code that turned it on was read.
async fn turn_on(
    conn: &DatabaseConnection,
    who: &Actor,
) -> (Enrolment, Vec<String>, DateTime<Utc>) {
    let now = Utc::now();
    let enrolment = begin(conn, key(), who, now).await.unwrap();
    refused(
        confirm(conn, key(), who, &enrolment.ticket, "000000", now).await,
        Invalid::Code,
    );
    let first = code(&enrolment, now);
    let codes = confirm(conn, key(), who, &enrolment.ticket, &first, now)
        .await
        .unwrap();
    (enrolment, codes, now)
}

fn ticket_of(signed: SignIn) -> String {
    match signed {
        SignIn::Then(LoginStep::Code(ticket)) => ticket,
        other => panic!("expected a code step, got {other:?}"),
    }
}

async fn a_code_finishes_signing_in_and_works_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let (enrolment, codes, on) = turn_on(conn, &owner).await;
    assert_eq!(codes.len(), 10);
    let mine = status(conn, &owner).await.unwrap();
    assert!(mine.on && !mine.required);
    assert_eq!(mine.codes_left, 10);
    // The database keeps the secret sealed: neither its bytes nor its base32 are there.
    let row = secret::Entity::find_by_id(owner.user.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert!(!row.secret.contains(&enrolment.key));

    let throttle = LoginThrottle::default();
    let ticket = ticket_of(
        password(conn, &throttle, "wang.fang@example.cn", "correct horse")
            .await
            .unwrap(),
    );
    let (later, device) = (Utc::now() + TimeDelta::seconds(30), Device::default);
    let with = async |code: &str, at| {
        login_code(conn, key(), &throttle, &ticket, code, device(), at).await
    };
    refused(with("123456", later).await, Invalid::Code);
    // The code that turned it on was spent (even if a new step began since); the next step's
    // code signs in, once.
    refused(with(&code(&enrolment, on), Utc::now()).await, Invalid::Code);
    let (user, token) = with(&code(&enrolment, later), later).await.unwrap();
    assert_eq!(user.id, owner.user.id);
    assert!(
        session::resolve(conn, &token, later)
            .await
            .unwrap()
            .is_some()
    );
    refused(with(&code(&enrolment, later), later).await, Invalid::Code);

    // A recovery code signs in once, however it is typed.
    let typed = codes[3].to_uppercase().replace('-', " ");
    assert!(with(&typed, later).await.is_ok());
    refused(with(&codes[3], later).await, Invalid::Code);
    assert_eq!(status(conn, &owner).await.unwrap().codes_left, 9);
    let renewed = renew_codes(conn, &owner, "correct horse").await.unwrap();
    refused(with(&codes[4], later).await, Invalid::Code);
    assert!(with(&renewed[0], later).await.is_ok());
}
db_test!(a_code_finishes_signing_in_and_works_once);

async fn a_ticket_lasts_minutes_and_only_for_the_password_it_followed(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let li = add(conn, &owner, "li.na@example.cn", Role::Sales).await;
    let li = Actor::without_session(li);
    let (enrolment, _, _) = turn_on(conn, &li).await;
    let throttle = LoginThrottle::default();
    let signed = password(conn, &throttle, "li.na@example.cn", "a good password").await;
    let ticket = ticket_of(signed.unwrap());
    let late = Utc::now() + TimeDelta::minutes(11);
    let at_late = code(&enrolment, late);
    let answer = login_code(
        conn,
        key(),
        &throttle,
        &ticket,
        &at_late,
        Device::default(),
        late,
    );
    refused(answer.await, Invalid::StartAgain);
    let forged = ticket.replacen('e', "f", 1);
    let now = Utc::now() + TimeDelta::seconds(30);
    let at_now = code(&enrolment, now);
    let answer = login_code(
        conn,
        key(),
        &throttle,
        &forged,
        &at_now,
        Device::default(),
        now,
    );
    refused(answer.await, Invalid::StartAgain);
    reset_password(conn, &owner, li.user.id, "another password")
        .await
        .unwrap();
    let answer = login_code(
        conn,
        key(),
        &throttle,
        &ticket,
        &at_now,
        Device::default(),
        now,
    );
    refused(answer.await, Invalid::StartAgain);
}
db_test!(a_ticket_lasts_minutes_and_only_for_the_password_it_followed);

async fn guessed_codes_lock_the_account_like_guessed_passwords(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let (enrolment, _, _) = turn_on(conn, &owner).await;
    let throttle = LoginThrottle::default();
    let signed = password(conn, &throttle, "wang.fang@example.cn", "correct horse").await;
    let ticket = ticket_of(signed.unwrap());
    let now = Utc::now() + TimeDelta::seconds(30);
    for guess in ["111111", "222222", "333333", "444444", "555555"] {
        let answer = login_code(
            conn,
            key(),
            &throttle,
            &ticket,
            guess,
            Device::default(),
            now,
        );
        refused(answer.await, Invalid::Code);
    }
    let right = code(&enrolment, now);
    let answer = login_code(
        conn,
        key(),
        &throttle,
        &ticket,
        &right,
        Device::default(),
        now,
    );
    assert!(matches!(answer.await, Err(AppError::RateLimited { .. })));
    // Nor does the password, known to whoever guesses, clear the count.
    let signed = password(conn, &throttle, "wang.fang@example.cn", "correct horse").await;
    assert!(matches!(signed, Err(AppError::RateLimited { .. })));
    let failed = crate::core::audit::entity::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "user.login_failed")
        .count();
    assert_eq!(failed, 5, "each wrong code is recorded");
}
db_test!(guessed_codes_lock_the_account_like_guessed_passwords);

async fn a_required_role_sets_it_up_while_signing_in(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    add(conn, &owner, "li.na@example.cn", Role::Sales).await;
    let policy = policy_of(conn, &owner).await.unwrap();
    assert!(policy.required.is_empty());
    let roles = ["sales".to_owned(), "support".to_owned()];
    let policy = require_roles(conn, &owner, &roles, &policy.was)
        .await
        .unwrap();
    assert_eq!(policy.required, [Role::Sales, Role::Support]);
    // Another owner's change, made on what they read before this one: refused, not lost.
    let stale = require_roles(conn, &owner, &[], "").await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    let bad = require_roles(conn, &owner, &["boss".to_owned()], &policy.was).await;
    assert_eq!(bad.unwrap_err().field("roles"), [Invalid::Choice]);

    let throttle = LoginThrottle::default();
    let signed = password(conn, &throttle, "li.na@example.cn", "a good password").await;
    let Ok(SignIn::Then(LoginStep::Enrol(enrolment))) = signed else {
        panic!("expected setting up, got {signed:?}");
    };
    assert!(enrolment.qr_svg.contains("<svg"));
    let now = Utc::now();
    let wrong = login_enrol(
        conn,
        key(),
        &enrolment.ticket,
        "000000",
        Device::default(),
        now,
    );
    refused(wrong.await, Invalid::Code);
    let first = code(&enrolment, now);
    let (token, codes) = login_enrol(
        conn,
        key(),
        &enrolment.ticket,
        &first,
        Device::default(),
        now,
    )
    .await
    .unwrap();
    assert_eq!(codes.len(), 10);
    let li = session::resolve(conn, &token, now).await.unwrap().unwrap();
    // From now on a code follows the password, and the role keeps it on.
    let signed = password(conn, &throttle, "li.na@example.cn", "a good password").await;
    ticket_of(signed.unwrap());
    let off = turn_off(conn, &li, "a good password").await;
    assert_eq!(
        off.unwrap_err().field("password"),
        [Invalid::TwoFactorRequired]
    );
    assert!(status(conn, &li).await.unwrap().required);

    // Lost phone: the owner removes it; the next sign-in sets up a new one.
    let policy = policy_of(conn, &owner).await.unwrap();
    assert!(policy.people.iter().any(|p| p.id == li.user.id && p.on));
    assert!(matches!(
        policy_of(conn, &li).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        remove(conn, &li, li.user.id).await,
        Err(AppError::Forbidden)
    ));
    remove(conn, &owner, li.user.id).await.unwrap();
    assert!(matches!(
        remove(conn, &owner, li.user.id).await,
        Err(AppError::NotFound)
    ));
    let signed = password(conn, &throttle, "li.na@example.cn", "a good password").await;
    assert!(matches!(signed, Ok(SignIn::Then(LoginStep::Enrol(_)))));
}
db_test!(a_required_role_sets_it_up_while_signing_in);

async fn turning_it_off_takes_the_password(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    turn_on(conn, &owner).await;
    let wrong = turn_off(conn, &owner, "guess").await;
    assert_eq!(wrong.unwrap_err().field("password"), [Invalid::Credentials]);
    turn_off(conn, &owner, "correct horse").await.unwrap();
    assert!(!status(conn, &owner).await.unwrap().on);
    let throttle = LoginThrottle::default();
    let signed = password(conn, &throttle, "wang.fang@example.cn", "correct horse").await;
    assert!(matches!(signed, Ok(SignIn::Session(..))));
    let actions: Vec<String> = crate::core::audit::entity::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["user.two_factor_on", "user.two_factor_off"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}
db_test!(turning_it_off_takes_the_password);

async fn a_new_key_seals_the_secrets_anew(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let (enrolment, _, _) = turn_on(conn, &owner).await;
    let new = SecretKey::new(&"n".repeat(40)).unwrap();
    assert_eq!(reseal(conn, key(), &new).await.unwrap(), 1);
    let row = secret::Entity::find_by_id(owner.user.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let label = format!("two_factor:{}", owner.user.id);
    assert_eq!(new.open(&label, &row.secret), Some(seed(&enrolment)));
    assert_eq!(
        key().open(&label, &row.secret),
        None,
        "no longer under the old key"
    );
}
db_test!(a_new_key_seals_the_secrets_anew);
