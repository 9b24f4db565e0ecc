//! Server-side sessions: created at sign-in with a new random token, ended by sign-out, by
//! revocation, after a week without use or after thirty days in any case.

use axum::http::HeaderMap;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::entity::session;
use super::secret::{new_token, token_hash};
use super::types::SessionInfo;
use crate::core::actor::{Actor, Device};
use crate::core::audit;
use crate::core::context::DEVICE_COOKIE;
use crate::core::users::entity::user;
use crate::core::users::to_user;
use crate::error::AppError;

pub const COOKIE_NAME: &str = "banyan_session";
pub const IDLE_TIMEOUT: TimeDelta = TimeDelta::days(7);
pub const ABSOLUTE_TIMEOUT: TimeDelta = TimeDelta::days(30);
/// `last_seen_at` is written at most this often, so reading pages does not mean writing.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// Opens a session and returns its token, to be sent only in the cookie. A sign-in from a
/// browser this person has not used before, when they have signed in before, is marked in
/// their list of sessions and recorded, so that someone else using their password shows.
pub async fn start<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    device: Device,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = new_token()?;
    let device_hash = device.id.as_deref().map(token_hash);
    let earlier = session::Entity::find()
        .select_only()
        .column(session::Column::DeviceHash)
        .distinct()
        .filter(session::Column::UserId.eq(user_id))
        .into_tuple::<Option<String>>()
        .all(conn)
        .await?;
    let new_device = !earlier.is_empty() && !earlier.contains(&device_hash);
    if new_device {
        let seen = serde_json::json!({ "ip": device.ip, "user_agent": device.user_agent });
        let entry = audit::Entry::new(Some(user_id), "session.new_device", "user", Some(user_id));
        audit::record(conn, entry.changes(seen)).await?;
    }
    session::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + ABSOLUTE_TIMEOUT),
        revoked_at: Set(None),
        user_agent: Set(device.user_agent.map(|ua| ua.chars().take(255).collect())),
        ip: Set(device.ip),
        device_hash: Set(device_hash),
        new_device: Set(new_device),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// The live session a token names, with its active user.
pub async fn resolve<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    let found = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .find_also_related(user::Entity)
        .one(conn)
        .await?;
    let Some((session, Some(user))) = found else {
        return Ok(None);
    };
    let live = session.revoked_at.is_none()
        && session.expires_at > now
        && session.last_seen_at + IDLE_TIMEOUT > now
        && user.active;
    if !live {
        return Ok(None);
    }
    if now - session.last_seen_at > TOUCH_EVERY {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(session.id))
            .exec(conn)
            .await?;
    }
    Ok(Some(Actor {
        user: to_user(user)?,
        session_id: session.id,
    }))
}

pub async fn revoke<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let ended = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Some(now)))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    if ended.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Signs a user out everywhere: on deactivation and when a password is reset.
pub async fn revoke_all<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    revoke_where(conn, user_id, None, now).await
}

/// Signs a user out everywhere but on the device in hand.
pub async fn revoke_others<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    keep: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    revoke_where(conn, user_id, Some(keep), now).await
}

async fn revoke_where<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut query = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Some(now)))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        query = query.filter(session::Column::Id.ne(keep));
    }
    query.exec(conn).await?;
    Ok(())
}

/// The user's live sessions, the most recently used first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    signed: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<SessionInfo>, AppError> {
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(signed.user.id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::LastSeenAt.gt(now - IDLE_TIMEOUT))
        .order_by_desc(session::Column::LastSeenAt)
        .all(conn)
        .await?;
    Ok(sessions
        .into_iter()
        .map(|s| SessionInfo {
            current: s.id == signed.session_id,
            id: s.id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            user_agent: s.user_agent,
            ip: s.ip,
            new_device: s.new_device,
        })
        .collect())
}

/// The session token a request carries, if any.
pub fn token_from(headers: &HeaderMap) -> Option<&str> {
    crate::core::context::cookie(headers, COOKIE_NAME)
}

/// The `Set-Cookie` value that carries a session: never readable by scripts, never sent by
/// cross-site requests that change things, and only over HTTPS when the site is served so.
pub fn cookie(token: &str, secure: bool) -> String {
    let max_age = ABSOLUTE_TIMEOUT.num_seconds();
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// This request's device; a browser without a device cookie gets one, kept for a year, so that
/// its next sign-in is recognised.
pub fn this_device(secure: bool) -> Result<Device, AppError> {
    let mut device = crate::core::context::device();
    if device.id.is_none() {
        let id = new_token()?;
        let secure = if secure { "; Secure" } else { "" };
        crate::core::context::set_cookie(&format!(
            "{DEVICE_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}"
        ));
        device.id = Some(id);
    }
    Ok(device)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}
