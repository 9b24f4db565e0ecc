//! Links that let a person choose their own password: the invitation of a new teammate, and
//! the way back in for one who forgot theirs. The owner hands the link over (chat, mail); it
//! is signed, expires after a week, and works once: it is bound to the password hash it was
//! made against, so choosing a password spends it.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::secret::hash_password;
use super::service::entry;
use super::session;
use super::types::LinkHolder;
use crate::core::actor::{Actor, Device, User};
use crate::core::policy::{self, Action};
use crate::core::signing::{SecretKey, Token};
use crate::core::users::entity::user;
use crate::core::users::to_user;
use crate::core::{audit, parse, records};
use crate::error::{AppError, Invalid};

const PURPOSE: &str = "password";
pub const VALID_FOR: TimeDelta = TimeDelta::days(7);
/// A link's token and when it stops working.
#[derive(Debug)]
pub struct Issued {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Makes a link for `id` to choose a password with. Only the owner hands these out.
pub async fn issue(
    conn: &DatabaseConnection,
    key: &SecretKey,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Issued, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "user.password_link").await?;
    let txn = crate::core::db::write(conn).await?;
    let holder = records::find_or_404::<user::Entity, _>(&txn, id).await?;
    if !holder.active {
        return Err(AppError::Forbidden);
    }
    let issued = sign(key, &holder, now);
    audit::record(&txn, entry(Some(actor.user.id), "user.password_link", id)).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Signs a link for an account just created without a password, inside its transaction.
pub fn sign(key: &SecretKey, holder: &user::Model, now: DateTime<Utc>) -> Issued {
    let expires_at = now + VALID_FOR;
    let mut payload = holder.id.as_bytes().to_vec();
    payload.extend_from_slice(&expires_at.timestamp().to_be_bytes());
    Issued {
        token: key.sign(PURPOSE, &payload, holder.password_hash.as_bytes()),
        expires_at,
    }
}

/// Who a link is for, so the page can greet them; any fault of the link is the one same
/// answer, which tells a guesser nothing.
pub async fn open<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkHolder, AppError> {
    let holder = holder(conn, key, token, now).await?;
    Ok(LinkHolder {
        name: holder.name,
        email: holder.email,
    })
}

/// Sets the password the link's holder chose, ends their other sessions and signs them in.
pub async fn accept(
    conn: &DatabaseConnection,
    key: &SecretKey,
    token: &str,
    password: &str,
    device: Device,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
    let password =
        parse::new_password(password).map_err(|why| AppError::invalid("password", why))?;
    let txn = crate::core::db::write(conn).await?;
    let holder = holder(&txn, key, token, now).await?;
    // Bound to the hash it was checked against: of two tabs sending the same link at once,
    // one wins and the other finds the link spent.
    let written = records::bumped(user::Entity::update_many(), now)
        .col_expr(
            user::Column::PasswordHash,
            Expr::value(hash_password(&password).await?),
        )
        .filter(user::Column::Id.eq(holder.id))
        .filter(user::Column::PasswordHash.eq(holder.password_hash.as_str()))
        .exec(&txn)
        .await?;
    if written.rows_affected == 0 {
        return Err(spent());
    }
    session::revoke_all(&txn, holder.id, now).await?;
    let token = session::start(&txn, holder.id, device, now).await?;
    audit::record(
        &txn,
        entry(Some(holder.id), "user.password_by_link", holder.id),
    )
    .await?;
    let user = records::find_or_404::<user::Entity, _>(&txn, holder.id).await?;
    txn.commit().await?;
    Ok((to_user(user)?, token))
}

fn spent() -> AppError {
    AppError::invalid("token", Invalid::Link)
}

async fn holder<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let token = Token::parse(token).ok_or_else(spent)?;
    let (id, expires) = token.payload.split_at_checked(16).ok_or_else(spent)?;
    let id = Uuid::from_slice(id).map_err(|_| spent())?;
    let expires = <[u8; 8]>::try_from(expires).map_err(|_| spent())?;
    let expires = Utc
        .timestamp_opt(i64::from_be_bytes(expires), 0)
        .single()
        .ok_or_else(spent)?;
    if expires <= now {
        return Err(spent());
    }
    let holder = user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|holder| holder.active)
        .ok_or_else(spent)?;
    if !key.verify(PURPOSE, &token, holder.password_hash.as_bytes()) {
        return Err(spent());
    }
    Ok(holder)
}
