//! Accounts: first-run setup, sign-in and sign-out, and the owner's user administration.

use std::time::Instant;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, SqlErr,
};
use uuid::Uuid;

use super::entity::user;
use super::password_link::{self, Issued, NOT_CHOSEN};
use super::policy::{self, Action};
use super::secret::{decoy_hash, hash_password, verify_password};
use super::session::{self, Device, Signed};
use super::throttle::LoginThrottle;
use super::types::{NewUserForm, Role, SetupForm, SetupState, User, UserChange, Viewer};
use crate::audit;
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::Locale;
use crate::parse::{self, Email};
use crate::settings;
use crate::settings::types::SettingsForm;
use crate::signing::SecretKey;

pub fn to_user(model: user::Model) -> Result<User, AppError> {
    Ok(User {
        role: Role::parse(&model.role)
            .ok_or_else(|| AppError::internal(format!("unknown role {}", model.role)))?,
        locale: model.locale.as_deref().and_then(Locale::from_tag),
        id: model.id,
        email: model.email,
        name: model.name,
        team_id: model.team_id,
        time_zone: model.time_zone,
        active: model.active,
        invited: model.password_hash == NOT_CHOSEN,
        version: model.version,
        created_at: model.created_at,
    })
}

pub(super) fn entry<'a>(actor: Option<Uuid>, action: &'a str, record_id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(actor, action, "user", Some(record_id))
}

pub async fn setup_state<C: ConnectionTrait>(conn: &C) -> Result<SetupState, AppError> {
    let users = user::Entity::find().count(conn).await?;
    Ok(if users == 0 {
        SetupState::NeedsOwner
    } else {
        SetupState::Ready
    })
}

/// Creates the workspace and its owner, and signs the owner in. Only possible once.
pub async fn setup(
    conn: &DatabaseConnection,
    form: SetupForm,
    device: Device,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
    let mut check = FieldCheck::default();
    let settings_form = SettingsForm {
        company_name: form.company_name,
        country: form.country,
        time_zone: form.time_zone.clone(),
        base_currency: form.base_currency,
        default_locale: form.default_locale.clone(),
        restrict_sales_to_team: None,
        track_campaign_mail: Some("on".to_owned()),
    };
    let valid_settings = settings::service::validate(&settings_form, &mut check);
    let account = NewUserForm {
        email: form.email,
        name: form.name,
        role: Role::Owner.as_str().to_owned(),
        password: form.password,
    };
    let valid_account = validate_new_user(&account, &mut check, false);
    let (Some(valid_settings), Some(account)) = (valid_settings, valid_account) else {
        return Err(check.into_error());
    };

    let txn = crate::db::write(conn).await?;
    if setup_state(&txn).await? == SetupState::Ready {
        return Err(AppError::Forbidden);
    }
    let locale = crate::i18n::Locale::from_tag(&form.default_locale).unwrap_or_default();
    settings::service::create(&txn, valid_settings).await?;
    crate::deals::pipelines::service::create_default(&txn, locale).await?;
    let owner = to_user(insert_user(&txn, account, Some(&form.default_locale), now).await?)?;
    audit::record(&txn, entry(Some(owner.id), "workspace.setup", owner.id)).await?;
    let token = session::start(&txn, owner.id, device, now).await?;
    txn.commit().await?;
    Ok((owner, token))
}

/// Checks email and password; on success opens a session and returns its token.
pub async fn login(
    conn: &DatabaseConnection,
    throttle: &LoginThrottle,
    email: &str,
    password: &str,
    device: Device,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
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
    let hash = found
        .as_ref()
        .map_or(decoy_hash(), |u| u.password_hash.as_str());
    let password_ok = verify_password(password, hash);
    let account = found.filter(|u| password_ok && u.active);
    let Some(account) = account else {
        throttle.failed(email, address.as_deref(), Instant::now());
        return Err(AppError::invalid("password", Invalid::Credentials));
    };
    throttle.succeeded(email);
    let txn = crate::db::write(conn).await?;
    let token = session::start(&txn, account.id, device, now).await?;
    audit::record(&txn, entry(Some(account.id), "user.login", account.id)).await?;
    txn.commit().await?;
    Ok((to_user(account)?, token))
}

pub async fn logout(conn: &DatabaseConnection, signed: &Signed) -> Result<(), AppError> {
    let txn = crate::db::write(conn).await?;
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
pub async fn viewer<C: ConnectionTrait>(conn: &C, signed: &Signed) -> Result<Viewer, AppError> {
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

struct ValidNewUser {
    email: Email,
    name: String,
    role: Role,
    /// `None`: invited, to choose one through a link.
    password: Option<String>,
}

fn validate_new_user(
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

async fn insert_user<C: ConnectionTrait>(
    conn: &C,
    valid: ValidNewUser,
    locale: Option<&str>,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let password_hash = match valid.password {
        Some(password) => hash_password(&password)?,
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

/// User administration is the owner's, whatever the workspace's rules.
fn require(actor: &Signed, action: &str) -> Result<(), AppError> {
    policy::require(
        &actor.user,
        Action::ManageUsers,
        policy::Rules::default(),
        action,
    )
}

pub async fn list_users<C: ConnectionTrait>(
    conn: &C,
    actor: &Signed,
) -> Result<Vec<User>, AppError> {
    require(actor, "user.list")?;
    let models = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .all(conn)
        .await?;
    models.into_iter().map(to_user).collect()
}

/// The names of the users `ids`, in one query: for lists that show who owns or did what.
pub async fn names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, AppError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Whether `id` is an active user, who records can be given to.
pub async fn is_active<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<bool, AppError> {
    Ok(user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .is_some_and(|u| u.active))
}

/// User `id` acting without a session, as work done on their behalf later does (a campaign
/// starting at the time they chose); nothing when they are gone or deactivated.
pub async fn acting<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<Signed>, AppError> {
    match user::Entity::find_by_id(id).one(conn).await? {
        Some(model) if model.active => Ok(Some(Signed {
            user: to_user(model)?,
            session_id: Uuid::nil(),
        })),
        _ => Ok(None),
    }
}

/// The active users, oldest first: who the command line may act as.
pub async fn active_users<C: ConnectionTrait>(conn: &C) -> Result<Vec<User>, AppError> {
    user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(to_user)
        .collect()
}

/// Adds a teammate, with the first password the owner chose or, without one, with a link
/// for them to choose their own.
pub async fn create_user(
    conn: &DatabaseConnection,
    key: &SecretKey,
    actor: &Signed,
    form: NewUserForm,
) -> Result<(User, Option<Issued>), AppError> {
    require(actor, "user.create")?;
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
    let txn = crate::db::write(conn).await?;
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

async fn load<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<User, AppError> {
    to_user(
        user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(AppError::NotFound)?,
    )
}

/// Changes a teammate's name, role or access, provided nobody changed them since `version`.
/// Deactivating ends every session of theirs; the last active owner cannot be demoted.
pub async fn update_user(
    conn: &DatabaseConnection,
    actor: &Signed,
    id: Uuid,
    change: UserChange,
    version: i32,
) -> Result<User, AppError> {
    require(actor, "user.update")?;
    let name = parse::text(&change.name, 120).map_err(|why| AppError::invalid("name", why))?;
    let now = Utc::now();
    let txn = crate::db::write(conn).await?;
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
    let written = user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(name))
        .col_expr(user::Column::Role, Expr::value(change.role.as_str()))
        .col_expr(user::Column::Active, Expr::value(change.active))
        .col_expr(
            user::Column::Version,
            Expr::col(user::Column::Version).add(1),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if written.rows_affected == 0 {
        return Err(AppError::conflict(&before));
    }
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
    actor: &Signed,
    id: Uuid,
    password: &str,
) -> Result<(), AppError> {
    require(actor, "user.reset_password")?;
    let password =
        parse::new_password(password).map_err(|why| AppError::invalid("password", why))?;
    let txn = crate::db::write(conn).await?;
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
            Expr::value(hash_password(password)?),
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
    signed: &Signed,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let id = signed.user.id;
    let account = user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut check = FieldCheck::default();
    if !verify_password(current, &account.password_hash) {
        check.refuse("current_password", Invalid::Credentials);
    }
    let new = check.check("new_password", parse::new_password(new));
    check.finish()?;
    let new = new.ok_or(AppError::Internal)?;
    let txn = crate::db::write(conn).await?;
    set_password(&txn, id, &new).await?;
    session::revoke_others(&txn, id, signed.session_id, Utc::now()).await?;
    audit::record(&txn, entry(Some(id), "user.change_password", id)).await?;
    txn.commit().await?;
    Ok(())
}

/// The user's own language, remembered for every device they use.
pub async fn set_locale(
    conn: &DatabaseConnection,
    signed: &Signed,
    locale: Locale,
) -> Result<(), AppError> {
    let id = signed.user.id;
    let txn = crate::db::write(conn).await?;
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value(locale.tag()))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let mut record = entry(Some(id), "user.set_locale", id);
    record.changes = Some(serde_json::json!({ "locale": locale.tag() }));
    audit::record(&txn, record).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends one of the user's own sessions (a lost phone, a shared computer).
pub async fn revoke_session(
    conn: &DatabaseConnection,
    signed: &Signed,
    session_id: Uuid,
) -> Result<(), AppError> {
    let id = signed.user.id;
    let txn = crate::db::write(conn).await?;
    session::revoke(&txn, id, session_id, Utc::now()).await?;
    audit::record(&txn, entry(Some(id), "session.revoke", id)).await?;
    txn.commit().await?;
    Ok(())
}
