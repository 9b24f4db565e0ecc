//! Setting up, using and removing a second factor; the second step of signing in.

use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::{recovery_code, secret};
use super::otp;
use super::types::{Enrolment, LoginStep, PersonFactor, TwoFactorPolicy, TwoFactorStatus};
use crate::auth::secret::verify_password;
use crate::auth::service::{entry, open_session};
use crate::auth::throttle::LoginThrottle;
use crate::core::actor::{Actor, Device, Role, User};
use crate::core::code::TextCode;
use crate::core::policy::{self, Action};
use crate::core::settings::entity as settings;
use crate::core::signing::{SecretKey, Token};
use crate::core::users::entity::user;
use crate::core::users::to_user;
use crate::core::{audit, records};
use crate::error::{AppError, Invalid};

/// How long the step after the password may wait.
const TICKET_LIFE: TimeDelta = TimeDelta::minutes(10);
const CODE: &str = "sign-in code";
const ENROL: &str = "two-factor enrolment";

/// What a ticket carries; signed, so the browser holding it cannot change it.
#[derive(Serialize, Deserialize)]
struct Claims {
    user: Uuid,
    expires: i64,
    /// A new authenticator secret, in base32, waiting for its first code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// A ticket is bound to the password hash: a new password voids every ticket of the old one.
fn ticket(
    key: &SecretKey,
    purpose: &str,
    account: &user::Model,
    secret: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let claims = Claims {
        user: account.id,
        expires: (now + TICKET_LIFE).timestamp(),
        secret: secret.map(otp::base32),
    };
    let payload = serde_json::to_vec(&claims).map_err(AppError::internal)?;
    Ok(key.sign(purpose, &payload, account.password_hash.as_bytes()))
}

/// The account a ticket is for, while it is good; anything else asks to start again.
async fn open_ticket<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    purpose: &str,
    ticket: &str,
    now: DateTime<Utc>,
) -> Result<(user::Model, Claims), AppError> {
    let start_again = || AppError::invalid("code", Invalid::StartAgain);
    let token = Token::parse(ticket).ok_or_else(start_again)?;
    let claims: Claims = serde_json::from_slice(&token.payload).map_err(|_| start_again())?;
    let account = user::Entity::find_by_id(claims.user)
        .one(conn)
        .await?
        .ok_or_else(start_again)?;
    let good = claims.expires > now.timestamp()
        && account.active
        && key.verify(purpose, &token, account.password_hash.as_bytes());
    if good {
        Ok((account, claims))
    } else {
        Err(start_again())
    }
}

/// The label a secret is sealed under: sealed for one person, it does not open for another.
fn label(user: Uuid) -> String {
    format!("two_factor:{user}")
}

async fn has_factor<C: ConnectionTrait>(conn: &C, user: Uuid) -> Result<bool, AppError> {
    Ok(secret::Entity::find_by_id(user).count(conn).await? > 0)
}

/// The roles the workspace requires a second factor of, as stored.
async fn required_roles<C: ConnectionTrait>(conn: &C) -> Result<String, AppError> {
    Ok(settings::Entity::find_by_id(1)
        .one(conn)
        .await?
        .map(|s| s.two_factor_roles)
        .unwrap_or_default())
}

fn parse_roles(stored: &str) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|r| stored.split(',').any(|s| s == r.as_str()))
        .collect()
}

async fn is_required<C: ConnectionTrait>(conn: &C, role: &str) -> Result<bool, AppError> {
    let required = parse_roles(&required_roles(conn).await?);
    Ok(required.iter().any(|r| r.as_str() == role))
}

/// What follows a right password: nothing when the password is enough, else a code, or
/// setting a second factor up when the role requires one.
pub async fn after_password<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    account: &user::Model,
    now: DateTime<Utc>,
) -> Result<Option<LoginStep>, AppError> {
    if has_factor(conn, account.id).await? {
        let ticket = ticket(key, CODE, account, None, now)?;
        return Ok(Some(LoginStep::Code(ticket)));
    }
    if is_required(conn, &account.role).await? {
        return Ok(Some(LoginStep::Enrol(enrolment(key, account, now)?)));
    }
    Ok(None)
}

fn enrolment(
    key: &SecretKey,
    account: &user::Model,
    now: DateTime<Utc>,
) -> Result<Enrolment, AppError> {
    let secret = otp::new_secret()?;
    Ok(Enrolment {
        ticket: ticket(key, ENROL, account, Some(&secret), now)?,
        key: otp::base32(&secret),
        qr_svg: otp::qr_svg(&secret, &account.email)?,
    })
}

/// Whether `code` is the person's authenticator code or one of their unused recovery codes;
/// either is used up by this check. Of two sign-ins racing with one code, one wins.
async fn take_code<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    account: &user::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(row) = secret::Entity::find_by_id(account.id).one(conn).await? else {
        return Ok(false);
    };
    let seed = key
        .open(&label(account.id), &row.secret)
        .ok_or_else(|| AppError::internal("a two-factor secret does not open with this key"))?;
    if let Some(step) = otp::step_of(&seed, code, now.timestamp()) {
        let taken = secret::Entity::update_many()
            .col_expr(secret::Column::LastStep, Expr::value(step))
            .filter(secret::Column::UserId.eq(account.id))
            .filter(secret::Column::LastStep.lt(step))
            .exec(conn)
            .await?;
        return Ok(taken.rows_affected == 1);
    }
    let used = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(now)))
        .filter(recovery_code::Column::UserId.eq(account.id))
        .filter(recovery_code::Column::CodeHash.eq(otp::code_hash(code)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if used.rows_affected == 0 {
        return Ok(false);
    }
    let record = entry(Some(account.id), "user.recovery_code_used", account.id);
    audit::record(conn, record).await?;
    Ok(true)
}

/// The second step of signing in: a code for the account the ticket names. Wrong codes count
/// against the account like wrong passwords, so six digits cannot be guessed in time.
pub async fn login_code(
    conn: &DatabaseConnection,
    key: &SecretKey,
    throttle: &LoginThrottle,
    ticket: &str,
    code: &str,
    device: Device,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
    let (account, _) = open_ticket(conn, key, CODE, ticket, now).await?;
    let address = device.ip.clone();
    throttle
        .check(&account.email, address.as_deref(), Instant::now())
        .map_err(|wait| AppError::RateLimited {
            retry_after_secs: wait.as_secs(),
        })?;
    let txn = crate::core::db::write(conn).await?;
    if !take_code(&txn, key, &account, code, now).await? {
        drop(txn);
        throttle.failed(&account.email, address.as_deref(), Instant::now());
        let failed = entry(None, "user.login_failed", account.id);
        let seen = serde_json::json!({ "email": account.email, "ip": address, "step": "code" });
        audit::record(conn, failed.changes(seen)).await?;
        return Err(AppError::invalid("code", Invalid::Code));
    }
    throttle.succeeded(&account.email);
    let token = open_session(&txn, &account, device, now).await?;
    txn.commit().await?;
    Ok((to_user(account)?, token))
}

/// Turns a second factor on with the first code of a new secret, and answers with the
/// recovery codes. A person who had one moves to the new one (a new phone): the old secret
/// and recovery codes stop working.
async fn enrol<C: ConnectionTrait>(
    conn: &C,
    account: &user::Model,
    claims: &Claims,
    key: &SecretKey,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let seed = claims
        .secret
        .as_deref()
        .and_then(|s| totp_rs::Secret::try_from_base32(s).ok())
        .ok_or_else(|| AppError::invalid("code", Invalid::StartAgain))?;
    let seed = seed.as_ref().to_vec();
    let Some(step) = otp::step_of(&seed, code, now.timestamp()) else {
        return Err(AppError::invalid("code", Invalid::Code));
    };
    remove_factor(conn, account.id).await?;
    secret::Entity::insert(secret::ActiveModel {
        user_id: Set(account.id),
        secret: Set(key.seal(&label(account.id), &seed)?),
        last_step: Set(step),
        created_at: Set(now),
    })
    .exec(conn)
    .await?;
    let codes = new_recovery_codes(conn, account.id).await?;
    audit::record(
        conn,
        entry(Some(account.id), "user.two_factor_on", account.id),
    )
    .await?;
    Ok(codes)
}

async fn new_recovery_codes<C: ConnectionTrait>(
    conn: &C,
    user: Uuid,
) -> Result<Vec<String>, AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user))
        .exec(conn)
        .await?;
    let codes = otp::recovery_codes()?;
    recovery_code::Entity::insert_many(codes.iter().map(|code| recovery_code::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user),
        code_hash: Set(otp::code_hash(code)),
        used_at: Set(None),
    }))
    .exec(conn)
    .await?;
    Ok(codes)
}

async fn remove_factor<C: ConnectionTrait>(conn: &C, user: Uuid) -> Result<bool, AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user))
        .exec(conn)
        .await?;
    let removed = secret::Entity::delete_by_id(user).exec(conn).await?;
    Ok(removed.rows_affected > 0)
}

/// Signing in when the role requires a second factor and the person had none: the first code
/// of the secret they just scanned turns it on and signs them in.
pub async fn login_enrol(
    conn: &DatabaseConnection,
    key: &SecretKey,
    ticket: &str,
    code: &str,
    device: Device,
    now: DateTime<Utc>,
) -> Result<(String, Vec<String>), AppError> {
    let (account, claims) = open_ticket(conn, key, ENROL, ticket, now).await?;
    let txn = crate::core::db::write(conn).await?;
    let codes = enrol(&txn, &account, &claims, key, code, now).await?;
    let token = open_session(&txn, &account, device, now).await?;
    txn.commit().await?;
    Ok((token, codes))
}

/// The signed-in person's second factor.
pub async fn status(
    conn: &DatabaseConnection,
    signed: &Actor,
) -> Result<TwoFactorStatus, AppError> {
    let id = signed.user.id;
    let codes_left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(conn)
        .await?;
    Ok(TwoFactorStatus {
        on: has_factor(conn, id).await?,
        codes_left: u32::try_from(codes_left).unwrap_or(u32::MAX),
        required: is_required(conn, signed.user.role.as_str()).await?,
    })
}

/// A new secret for the signed-in person to scan.
pub async fn begin(
    conn: &DatabaseConnection,
    key: &SecretKey,
    signed: &Actor,
    now: DateTime<Utc>,
) -> Result<Enrolment, AppError> {
    let account = records::find_or_404::<user::Entity, _>(conn, signed.user.id).await?;
    enrolment(key, &account, now)
}

/// Turns the second factor on with the first code of the secret from [`begin`].
pub async fn confirm(
    conn: &DatabaseConnection,
    key: &SecretKey,
    signed: &Actor,
    ticket: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let (account, claims) = open_ticket(conn, key, ENROL, ticket, now).await?;
    if account.id != signed.user.id {
        return Err(AppError::invalid("code", Invalid::StartAgain));
    }
    let txn = crate::core::db::write(conn).await?;
    let codes = enrol(&txn, &account, &claims, key, code, now).await?;
    txn.commit().await?;
    Ok(codes)
}

/// The password again, for changes a borrowed unlocked computer must not make.
async fn check_password(account: &user::Model, password: &str) -> Result<(), AppError> {
    if verify_password(password, &account.password_hash).await? {
        Ok(())
    } else {
        Err(AppError::invalid("password", Invalid::Credentials))
    }
}

/// Turns the signed-in person's second factor off, unless their role requires it.
pub async fn turn_off(
    conn: &DatabaseConnection,
    signed: &Actor,
    password: &str,
) -> Result<(), AppError> {
    let account = records::find_or_404::<user::Entity, _>(conn, signed.user.id).await?;
    check_password(&account, password).await?;
    if is_required(conn, &account.role).await? {
        return Err(AppError::invalid("password", Invalid::TwoFactorRequired));
    }
    let txn = crate::core::db::write(conn).await?;
    if remove_factor(&txn, account.id).await? {
        audit::record(
            &txn,
            entry(Some(account.id), "user.two_factor_off", account.id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Ten new recovery codes for the signed-in person; the old ones stop working.
pub async fn renew_codes(
    conn: &DatabaseConnection,
    signed: &Actor,
    password: &str,
) -> Result<Vec<String>, AppError> {
    let account = records::find_or_404::<user::Entity, _>(conn, signed.user.id).await?;
    check_password(&account, password).await?;
    if !has_factor(conn, account.id).await? {
        return Err(AppError::NotFound);
    }
    let txn = crate::core::db::write(conn).await?;
    let codes = new_recovery_codes(&txn, account.id).await?;
    let record = entry(Some(account.id), "user.recovery_codes", account.id);
    audit::record(&txn, record).await?;
    txn.commit().await?;
    Ok(codes)
}

/// The owner's view of who must and who does use a second factor.
pub async fn policy_of(
    conn: &DatabaseConnection,
    actor: &Actor,
) -> Result<TwoFactorPolicy, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "two_factor.policy").await?;
    let was = required_roles(conn).await?;
    let with_factor: Vec<Uuid> = secret::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| {
            Ok(PersonFactor {
                on: with_factor.contains(&u.id),
                role: Role::parse(&u.role)
                    .ok_or_else(|| AppError::internal("a user with an unknown role"))?,
                id: u.id,
                name: u.name,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(TwoFactorPolicy {
        required: parse_roles(&was),
        was,
        people,
    })
}

/// Requires a second factor of `roles`, provided nobody changed the roles since `was`.
pub async fn require_roles(
    conn: &DatabaseConnection,
    actor: &Actor,
    roles: &[String],
    was: &str,
) -> Result<TwoFactorPolicy, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "two_factor.require").await?;
    let mut chosen = Vec::new();
    for role in roles {
        chosen.push(Role::parse(role).ok_or_else(|| AppError::invalid("roles", Invalid::Choice))?);
    }
    let stored = Role::ALL
        .iter()
        .filter(|r| chosen.contains(r))
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let txn = crate::core::db::write(conn).await?;
    let written = settings::Entity::update_many()
        .col_expr(
            settings::Column::TwoFactorRoles,
            Expr::value(stored.clone()),
        )
        .filter(settings::Column::Id.eq(1))
        .filter(settings::Column::TwoFactorRoles.eq(was))
        .exec(&txn)
        .await?;
    if written.rows_affected == 0 {
        let current = required_roles(&txn).await?;
        return Err(AppError::Conflict {
            current: serde_json::json!({ "two_factor_roles": current }),
        });
    }
    let record = audit::Entry::new(Some(actor.user.id), "settings.two_factor", "settings", None);
    let change = serde_json::json!({ "two_factor_roles": [was, stored] });
    audit::record(&txn, record.changes(change)).await?;
    txn.commit().await?;
    policy_of(conn, actor).await
}

/// The owner removes a teammate's second factor (a lost phone, no recovery codes left). If
/// their role requires one, they set up a new one at their next sign-in.
pub async fn remove(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    policy::require(conn, actor, Action::ManageUsers, "two_factor.remove").await?;
    let txn = crate::core::db::write(conn).await?;
    if !remove_factor(&txn, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        entry(Some(actor.user.id), "user.two_factor_removed", id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Seals every authenticator secret anew under `new`: what a rotation of the secret key does.
pub async fn reseal<C: ConnectionTrait>(
    conn: &C,
    old: &SecretKey,
    new: &SecretKey,
) -> Result<u64, AppError> {
    let rows = secret::Entity::find().all(conn).await?;
    let count = rows.len() as u64;
    for row in rows {
        let sealed = old.reseal(new, &label(row.user_id), &row.secret)?;
        secret::Entity::update_many()
            .col_expr(secret::Column::Secret, Expr::value(sealed))
            .filter(secret::Column::UserId.eq(row.user_id))
            .exec(conn)
            .await?;
    }
    Ok(count)
}
