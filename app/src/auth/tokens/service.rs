//! Making, listing, revoking and reading API tokens.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::entity::{self, Column, Entity};
use super::types::{ApiToken, CreatedToken, Scope, TokenForm};
use crate::auth::secret::{new_token, token_hash};
use crate::core::actor::Actor;
use crate::core::users::entity::user;
use crate::core::{audit, parse};
use crate::error::{AppError, FieldCheck, Invalid};

/// What every token starts with, so that a secret scanner (or a person) knows one when it
/// leaks into a repository or a chat.
pub const PREFIX: &str = "banyan_";
const NAME: usize = 80;
const MAX_DAYS: i64 = 3650;
/// `last_used_at` is written at most this often, so that reading does not mean writing.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

fn scopes_of(stored: &str) -> Vec<Scope> {
    stored.split(',').filter_map(Scope::parse).collect()
}

fn to_token(model: entity::Model) -> ApiToken {
    ApiToken {
        scopes: scopes_of(&model.scopes),
        id: model.id,
        name: model.name,
        created_at: model.created_at,
        last_used_at: model.last_used_at,
        expires_at: model.expires_at,
    }
}

/// A new token for `actor`, acting with their rights within `form`'s scopes.
pub async fn create(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &TokenForm,
    now: DateTime<Utc>,
) -> Result<CreatedToken, AppError> {
    let mut check = FieldCheck::default();
    let name = check.check("name", parse::text(&form.name, NAME));
    let mut scopes = Vec::new();
    for text in &form.scopes {
        match Scope::parse(text) {
            Some(scope) if !scopes.contains(&scope) => scopes.push(scope),
            Some(_) => {}
            None => check.refuse("scopes", Invalid::Choice),
        }
    }
    if form.scopes.is_empty() {
        check.refuse("scopes", Invalid::Required);
    }
    let expires_at = match form.expires_days.trim() {
        "" => None,
        days => match days
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=MAX_DAYS).contains(d))
        {
            Some(days) => Some(now + TimeDelta::days(days)),
            None => {
                let range = Invalid::Range {
                    min: 1,
                    max: MAX_DAYS,
                };
                check.refuse("expires_days", range);
                None
            }
        },
    };
    let Some(name) = name else {
        return Err(check.into_error());
    };
    check.finish()?;
    let secret = format!("{PREFIX}{}", new_token()?);
    let codes: Vec<String> = scopes.iter().map(|s| s.code()).collect();
    let id = Uuid::now_v7();
    let model = entity::ActiveModel {
        id: Set(id),
        user_id: Set(actor.user.id),
        name: Set(name),
        token_hash: Set(token_hash(&secret)),
        scopes: Set(codes.join(",")),
        created_at: Set(now),
        last_used_at: Set(None),
        expires_at: Set(expires_at),
    };
    let txn = crate::core::db::write(conn).await?;
    let model = model.insert(&txn).await?;
    let entry = audit::Entry::new(
        Some(actor.user.id),
        "api_token.create",
        "api_token",
        Some(id),
    )
    .changes(serde_json::json!({ "name": model.name, "scopes": codes }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(CreatedToken {
        token: to_token(model),
        secret,
    })
}

/// `actor`'s own tokens, newest first.
pub async fn list<C: ConnectionTrait>(conn: &C, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
    let models = Entity::find()
        .filter(Column::UserId.eq(actor.user.id))
        .order_by_desc(Column::CreatedAt)
        .all(conn)
        .await?;
    Ok(models.into_iter().map(to_token).collect())
}

/// Revokes one of `actor`'s tokens: a program calling with it is refused from now on.
pub async fn revoke(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    let txn = crate::core::db::write(conn).await?;
    let gone = Entity::delete_many()
        .filter(Column::Id.eq(id))
        .filter(Column::UserId.eq(actor.user.id))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    let entry = audit::Entry::new(
        Some(actor.user.id),
        "api_token.revoke",
        "api_token",
        Some(id),
    );
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The person a live token acts for, and its scopes; `None` for an unknown, expired or
/// revoked token, or a deactivated person.
pub async fn resolve<C: ConnectionTrait>(
    conn: &C,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Actor, Vec<Scope>)>, AppError> {
    let Some(token) = Entity::find()
        .filter(Column::TokenHash.eq(token_hash(secret)))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(person) = user::Entity::find_by_id(token.user_id).one(conn).await? else {
        return Ok(None);
    };
    if !person.active || token.expires_at.is_some_and(|at| at <= now) {
        return Ok(None);
    }
    if token.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
        Entity::update_many()
            .col_expr(Column::LastUsedAt, Expr::value(Some(now)))
            .filter(Column::Id.eq(token.id))
            .exec(conn)
            .await?;
    }
    let actor = Actor {
        user: crate::core::users::to_user(person)?,
        session_id: token.id,
    };
    Ok(Some((actor, scopes_of(&token.scopes))))
}
