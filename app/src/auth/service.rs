//! Accounts: first-run setup, sign-in and sign-out, and the owner's user administration.

use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, SqlErr,
};
use uuid::Uuid;

use super::password_link::{self, Issued};
use super::secret::{decoy_hash, hash_password, verify_password};
use super::session;
use super::throttle::LoginThrottle;
use super::two_factor;
use super::two_factor::types::LoginStep;
use super::types::{NewUserForm, UserChange};
use crate::core::actor::{Actor, Device, Role, User, Viewer};
use crate::core::code::TextCode;
use crate::core::parse::{self, Email};
use crate::core::policy::{self, Action};
use crate::core::signing::SecretKey;
use crate::core::users::entity::user;
use crate::core::users::{NOT_CHOSEN, load, to_user};
use crate::core::{audit, records, settings};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::Locale;

pub(crate) fn entry<'a>(actor: Option<Uuid>, action: &'a str, record_id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(actor, action, "user", Some(record_id))
}

/// What a right password leads to.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in: the user, and the token of their new session.
    Session(User, String),
    /// A second step must follow.
    Then(LoginStep),
}

impl SignIn {
    /// The session, when the password was enough.
    pub fn session(self) -> Option<(User, String)> {
        match self {
            SignIn::Session(user, token) => Some((user, token)),
            SignIn::Then(_) => None,
        }
    }
}

/// Checks email and password; on success opens a session, or asks for the second factor.
pub async fn login(
    conn: &DatabaseConnection,
    key: &SecretKey,
    throttle: &LoginThrottle,
    email: &str,
    password: &str,
    device: Device,
    now: DateTime<Utc>,
) -> Result<SignIn, AppError> {
    let address = device.ip.clone();
    throttle
        .check(email, address.as_deref(), Instant::now())
        .map_err(|wait| AppError::RateLimited {
            retry_after_secs: wait.as_secs(),
        })?;
    let found = match Email::parse(email) {
        Ok(email) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(conn)
                .await?
        }
        Err(_) => None,
    };
    let hash = match &found {
        Some(user) => user.password_hash.as_str(),
        None => decoy_hash().await?,
    };
    let password_ok = verify_password(password, hash).await?;
    let tried_account = found.as_ref().map(|u| u.id);
    let account = found.filter(|u| password_ok && u.active);
    let Some(account) = account else {
        throttle.failed(email, address.as_deref(), Instant::now());
        // Kept for the owner: who was tried, from where. The address typed is cut to what an
        // address can be, so a flood of long ones cannot fill the log.
        let tried: String = email.trim().chars().take(254).collect();
        let failed = audit::Entry::new(None, "user.login_failed", "user", tried_account);
        let failed = failed.changes(serde_json::json!({ "email": tried, "ip": address }));
        audit::record(conn, failed).await?;
        return Err(AppError::invalid("password", Invalid::Credentials));
    };
    // Until the second step passes, the account's failures stand: a known password must not
    // reset the count of guessed codes.
    if let Some(step) = two_factor::service::after_password(conn, key, &account, now).await? {
        return Ok(SignIn::Then(step));
    }
    throttle.succeeded(email);
    let txn = crate::core::db::write(conn).await?;
    let token = open_session(&txn, &account, device, now).await?;
    txn.commit().await?;
    Ok(SignIn::Session(to_user(account)?, token))
}

/// Opens a session for an account that passed every step of signing in.
pub(crate) async fn open_session<C: ConnectionTrait>(
    conn: &C,
    account: &user::Model,
    device: Device,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = session::start(conn, account.id, device, now).await?;
    audit::record(conn, entry(Some(account.id), "user.login", account.id)).await?;
    Ok(token)
}

pub async fn logout(conn: &DatabaseConnection, signed: &Actor) -> Result<(), AppError> {
    let txn = crate::core::db::write(conn).await?;
    session::revoke(&txn, signed.user.id, signed.session_id, Utc::now()).await?;
    audit::record(
        &txn,
        entry(Some(signed.user.id), "user.logout", signed.user.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The signed-in user, with the time zone to show times in.
pub async fn viewer<C: ConnectionTrait>(conn: &C, signed: &Actor) -> Result<Viewer, AppError> {
    let workspace = settings::service::get(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Viewer {
        time_zone: signed.user.time_zone.clone().unwrap_or(workspace.time_zone),
        company_name: workspace.company_name,
        base_currency: workspace.base_currency,
        user: signed.user.clone(),
    })
}

pub struct ValidNewUser {
    email: Email,
    name: String,
    role: Role,
    /// `None`: invited, to choose one through a link.
    password: Option<String>,
}

pub fn validate_new_user(
    form: &NewUserForm,
    check: &mut FieldCheck,
    may_invite: bool,
) -> Option<ValidNewUser> {
    let email = check.check("email", Email::parse(&form.email));
    let name = check.check("name", parse::text(&form.name, 120));
    let role = check.check("role", Role::parse(&form.role).ok_or(Invalid::Choice));
    let password = if may_invite && form.password.is_empty() {
        Some(None)
    } else {
        check.check("password", parse::new_password(&form.password).map(Some))
    };
    Some(ValidNewUser {
        email: email?,
        name: name?,
        role: role?,
        password: password?,
    })
}

pub async fn insert_user<C: ConnectionTrait>(
    conn: &C,
    valid: ValidNewUser,
    locale: Option<&str>,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let password_hash = match valid.password {
        Some(password) => hash_password(&password).await?,
        None => NOT_CHOSEN.to_owned(),
    };
    let inserted = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(valid.email.into_string()),
        name: Set(valid.name),
        password_hash: Set(password_hash),
        role: Set(valid.role.as_str().to_owned()),
        team_id: Set(None),
        locale: Set(locale
            .and_then(Locale::from_tag)
            .map(|l| l.tag().to_owned())),
        time_zone: Set(None),
        active: Set(true),
        digest_hour: Set(Some(crate::core::users::DIGEST_HOUR)),
        digest_sent_on: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await;
    match inserted {
        Ok(model) => Ok(model),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(AppError::invalid("email", Invalid::Taken))
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn list_users<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
) -> Result<Vec<User>, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "user.list").await?;
    let models = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .all(conn)
        .await?;
    models.into_iter().map(to_user).collect()
}

/// Adds a teammate, with the first password the owner chose or, without one, with a link
/// for them to choose their own.
pub async fn create_user(
    conn: &DatabaseConnection,
    key: &SecretKey,
    actor: &Actor,
    form: NewUserForm,
) -> Result<(User, Option<Issued>), AppError> {
    policy::require(conn, actor, Action::ManageUsers, "user.create").await?;
    add_user(conn, Some((actor.user.id, key)), form).await
}

/// Adds a user on behalf of the operator at the command line, once the workspace exists.
pub async fn create_user_from_cli(
    conn: &DatabaseConnection,
    form: NewUserForm,
) -> Result<User, AppError> {
    if settings::service::get(conn).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(add_user(conn, None, form).await?.0)
}

/// `inviter`: the owner, who may leave the password to the teammate; `None` at the command
/// line, where a password is required.
async fn add_user(
    conn: &DatabaseConnection,
    inviter: Option<(Uuid, &SecretKey)>,
    form: NewUserForm,
) -> Result<(User, Option<Issued>), AppError> {
    let mut check = FieldCheck::default();
    let valid = validate_new_user(&form, &mut check, inviter.is_some())
        .ok_or_else(|| check.into_error())?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let created = insert_user(&txn, valid, None, now).await?;
    let link = match inviter {
        Some((_, key)) if created.password_hash == NOT_CHOSEN => {
            Some(password_link::sign(key, &created, now))
        }
        _ => None,
    };
    let mut record = entry(inviter.map(|(id, _)| id), "user.create", created.id);
    record.changes = Some(serde_json::json!({
        "email": created.email,
        "role": created.role,
        "invited": link.is_some(),
    }));
    audit::record(&txn, record).await?;
    txn.commit().await?;
    Ok((to_user(created)?, link))
}

/// Changes a teammate's name, role or access, provided nobody changed them since `version`.
/// Deactivating ends every session of theirs; the last active owner cannot be demoted.
pub async fn update_user(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    change: UserChange,
    version: i32,
) -> Result<User, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "user.update").await?;
    let name = parse::text(&change.name, 120).map_err(|why| AppError::invalid("name", why))?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let before = load(&txn, id).await?;
    let stays_owner = change.role == Role::Owner && change.active;
    if before.role == Role::Owner && before.active && !stays_owner {
        let owners = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Owner.as_str()))
            .filter(user::Column::Active.eq(true))
            .count(&txn)
            .await?;
        if owners <= 1 {
            return Err(AppError::invalid("role", Invalid::LastOwner));
        }
    }
    let change_row = user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(name))
        .col_expr(user::Column::Role, Expr::value(change.role.as_str()))
        .col_expr(user::Column::Active, Expr::value(change.active));
    records::update_versioned(&txn, change_row, id, version, now, async || {
        load(&txn, id).await
    })
    .await?;
    if !change.active {
        session::revoke_all(&txn, id, now).await?;
    }
    let after = load(&txn, id).await?;
    let mut record = entry(Some(actor.user.id), "user.update", id);
    record.changes = Some(audit::changes(&before, &after));
    audit::record(&txn, record).await?;
    txn.commit().await?;
    Ok(after)
}

/// Sets a new password for a teammate who forgot theirs, and signs them out everywhere.
pub async fn reset_password(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    password: &str,
) -> Result<(), AppError> {
    policy::require(conn, actor, Action::ManageUsers, "user.reset_password").await?;
    let password =
        parse::new_password(password).map_err(|why| AppError::invalid("password", why))?;
    let txn = crate::core::db::write(conn).await?;
    set_password(&txn, id, &password).await?;
    session::revoke_all(&txn, id, Utc::now()).await?;
    audit::record(&txn, entry(Some(actor.user.id), "user.reset_password", id)).await?;
    txn.commit().await?;
    Ok(())
}

async fn set_password<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    password: &str,
) -> Result<(), AppError> {
    let written = user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            Expr::value(hash_password(password).await?),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(id))
        .exec(conn)
        .await?;
    if written.rows_affected == 0 {
        Err(AppError::NotFound)
    } else {
        Ok(())
    }
}

/// Changes the user's own password after checking the current one; every other session of
/// theirs ends, in case the old password had leaked.
pub async fn change_password(
    conn: &DatabaseConnection,
    signed: &Actor,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let id = signed.user.id;
    let account = records::find_or_404::<user::Entity, _>(conn, id).await?;
    let mut check = FieldCheck::default();
    if !verify_password(current, &account.password_hash).await? {
        check.refuse("current_password", Invalid::Credentials);
    }
    let new = check.check("new_password", parse::new_password(new));
    let Some(new) = new else {
        return Err(check.into_error());
    };
    check.finish()?;
    let txn = crate::core::db::write(conn).await?;
    set_password(&txn, id, &new).await?;
    session::revoke_others(&txn, id, signed.session_id, Utc::now()).await?;
    audit::record(&txn, entry(Some(id), "user.change_password", id)).await?;
    txn.commit().await?;
    Ok(())
}

/// The local hour of the user's daily digest; none when they turned it off.
pub async fn digest_hour(
    conn: &DatabaseConnection,
    signed: &Actor,
) -> Result<Option<u8>, AppError> {
    let account = records::find_or_404::<user::Entity, _>(conn, signed.user.id).await?;
    Ok(account.digest_hour.and_then(|h| u8::try_from(h).ok()))
}

/// Sets the hour of the user's daily digest, as the account page posts it: `""` turns it off.
/// A new hour takes effect today: a day the digest clock already weighed at the old hour
/// (often with nothing to say, as for someone who joined after it) is weighed again at the
/// new one, as whoever just chose it expects.
pub async fn set_digest_hour(
    conn: &DatabaseConnection,
    signed: &Actor,
    hour: &str,
) -> Result<Option<u8>, AppError> {
    let hour = match hour.trim() {
        "" => None,
        text => match text.parse::<u8>() {
            Ok(hour) if hour < 24 => Some(hour),
            _ => return Err(AppError::invalid("hour", Invalid::Choice)),
        },
    };
    let id = signed.user.id;
    let txn = crate::core::db::write(conn).await?;
    if let Some(hour) = hour {
        let another = Condition::any()
            .add(user::Column::DigestHour.is_null())
            .add(user::Column::DigestHour.ne(i16::from(hour)));
        user::Entity::update_many()
            .col_expr(user::Column::DigestSentOn, Expr::value(None::<NaiveDate>))
            .filter(user::Column::Id.eq(id))
            .filter(another)
            .exec(&txn)
            .await?;
    }
    user::Entity::update_many()
        .col_expr(user::Column::DigestHour, Expr::value(hour.map(i16::from)))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let changes = serde_json::json!({ "digest_hour": hour });
    audit::record(&txn, entry(Some(id), "user.digest", id).changes(changes)).await?;
    txn.commit().await?;
    Ok(hour)
}

/// Ends one of the user's own sessions (a lost phone, a shared computer).
pub async fn revoke_session(
    conn: &DatabaseConnection,
    signed: &Actor,
    session_id: Uuid,
) -> Result<(), AppError> {
    let id = signed.user.id;
    let txn = crate::core::db::write(conn).await?;
    session::revoke(&txn, id, session_id, Utc::now()).await?;
    audit::record(&txn, entry(Some(id), "session.revoke", id)).await?;
    txn.commit().await?;
    Ok(())
}
