use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entity::{ActiveModel, Column, Entity};
use super::types::{About, Notification, NotificationKind};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::error::AppError;

/// The latest notifications a user sees.
const SHOWN: u64 = 50;

/// Tells `user` about a deal or a ticket; nobody is told about what they did themselves.
pub async fn notify<C: ConnectionTrait>(
    conn: &C,
    user: Uuid,
    kind: NotificationKind,
    actor: &Actor,
    about: About,
    excerpt: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if user == actor.user.id {
        return Ok(());
    }
    ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user),
        kind: Set(kind.as_str().to_owned()),
        actor_id: Set(Some(actor.user.id)),
        deal_id: Set(match about {
            About::Deal(id) => Some(id),
            About::Ticket(_) => None,
        }),
        ticket_id: Set(match about {
            About::Ticket(id) => Some(id),
            About::Deal(_) => None,
        }),
        excerpt: Set(excerpt.chars().take(200).collect()),
        created_at: Set(now),
        read_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The user's latest notifications, newest first.
pub async fn list(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<Notification>, AppError> {
    let rows = Entity::find()
        .filter(Column::UserId.eq(actor.user.id))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(SHOWN)
        .all(conn)
        .await?;
    let actors = crate::core::users::names(conn, rows.iter().filter_map(|r| r.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| Notification {
            kind: NotificationKind::parse(&r.kind).unwrap_or(NotificationKind::Mention),
            actor_name: r.actor_id.and_then(|a| actors.get(&a).cloned()),
            id: r.id,
            deal_id: r.deal_id,
            ticket_id: r.ticket_id,
            excerpt: r.excerpt,
            created_at: r.created_at,
            read: r.read_at.is_some(),
        })
        .collect())
}

/// Marks every notification of the user read.
pub async fn read_all(
    conn: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    Entity::update_many()
        .col_expr(Column::ReadAt, Expr::value(Some(now)))
        .filter(Column::UserId.eq(actor.user.id))
        .filter(Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// How many of the user's notifications are unread, for the bell.
pub async fn unread(conn: &DatabaseConnection, actor: &Actor) -> Result<u64, AppError> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(actor.user.id))
        .filter(Column::ReadAt.is_null())
        .count(conn)
        .await?)
}
