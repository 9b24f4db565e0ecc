//! The workspace's people, as every feature reads them: names to show, who is active, whom a
//! record's team is. Signing in and managing accounts is the `auth` feature's.

pub mod entity;

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use self::entity::{team, user};
use super::actor::{Actor, Role, User};
use super::audit;
use super::policy::Owned;
use crate::error::AppError;
use crate::i18n::Locale;

/// The password hash of someone invited who has not chosen a password yet: it is no PHC
/// string, so no password verifies against it.
pub const NOT_CHOSEN: &str = "!";

/// The local hour the daily digest goes out at, unless the person chooses another.
pub const DIGEST_HOUR: i16 = 8;

pub fn to_user(model: user::Model) -> Result<User, AppError> {
    use super::code::TextCode;
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

/// The user `id`.
pub async fn load<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<User, AppError> {
    to_user(super::records::find_or_404::<user::Entity, _>(conn, id).await?)
}

/// The names of the users `ids`, in one query: for lists that show who owns or did what.
pub async fn names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Every user, active or not, by name: who may have done what the audit log holds.
pub async fn everyone<C: ConnectionTrait>(conn: &C) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Name)
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
pub async fn acting<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<Actor>, AppError> {
    match user::Entity::find_by_id(id).one(conn).await? {
        Some(model) if model.active => Ok(Some(Actor::without_session(to_user(model)?))),
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

/// Who may see and edit a record: its owner and the owner's team.
pub async fn owned<C: ConnectionTrait>(conn: &C, owner: Option<Uuid>) -> Result<Owned, AppError> {
    let team = match owner {
        Some(id) => user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .and_then(|u| u.team_id),
        None => None,
    };
    Ok(Owned { owner, team })
}

/// The teams `user` is in or leads: what "my team" means to them.
pub async fn teams_of<C: ConnectionTrait>(conn: &C, user: &User) -> Result<Vec<Uuid>, AppError> {
    let mut teams: Vec<Uuid> = team::Entity::find()
        .select_only()
        .column(team::Column::Id)
        .filter(team::Column::LeadId.eq(user.id))
        .into_tuple()
        .all(conn)
        .await?;
    teams.extend(user.team_id);
    teams.sort_unstable();
    teams.dedup();
    Ok(teams)
}

/// The team of each of `users` who is in one.
pub async fn teams<C: ConnectionTrait>(
    conn: &C,
    users: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Uuid>, AppError> {
    let rows: Vec<(Uuid, Option<Uuid>)> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::TeamId])
        .filter(user::Column::Id.is_in(users))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, team)| Some((id, team?)))
        .collect())
}

/// The user's own language, remembered for every device they use.
pub async fn set_locale(
    conn: &DatabaseConnection,
    actor: &Actor,
    locale: Locale,
) -> Result<(), AppError> {
    let id = actor.user.id;
    let txn = super::db::write(conn).await?;
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value(locale.tag()))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(id), "user.set_locale", "user", Some(id))
            .changes(serde_json::json!({ "locale": locale.tag() })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
