use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::mentions::mentioned;
use super::types::Comment;
use crate::core::actor::Actor;
use crate::core::events::{self, Event};
use crate::core::policy::{self, Action};
use crate::core::{audit, outbox, parse};
use crate::deals::entity::comment;
use crate::error::AppError;
use crate::notifications::service::notify;
use crate::notifications::types::{About, NotificationKind};

/// A deal's comments, oldest first, as a conversation reads.
pub async fn list(
    conn: &DatabaseConnection,
    actor: &Actor,
    deal: Uuid,
) -> Result<Vec<Comment>, AppError> {
    crate::deals::service::get(conn, actor, deal).await?;
    let rows = comment::Entity::find()
        .filter(comment::Column::DealId.eq(deal))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(conn)
        .await?;
    let authors = crate::core::users::names(conn, rows.iter().filter_map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            author_name: r.author_id.and_then(|a| authors.get(&a).cloned()),
            id: r.id,
            body: r.body,
            created_at: r.created_at,
        })
        .collect())
}

/// Adds a comment to a deal the user may see, and tells everyone it mentions who may see the
/// deal too: a comment never reaches someone its deal is hidden from.
pub async fn add(
    conn: &DatabaseConnection,
    actor: &Actor,
    deal: Uuid,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Comment, AppError> {
    let seen =
        crate::deals::service::authorize(conn, actor, deal, Action::ViewDeal, "deal.comment")
            .await?;
    let body = parse::optional_long_text(body, 4_000)
        .and_then(|b| b.ok_or(crate::error::Invalid::Required))
        .map_err(|why| AppError::invalid("body", why))?;
    let owned = crate::core::users::owned(conn, seen.owner_id).await?;
    let rules = policy::rules(conn).await?;
    let teammates: Vec<(Uuid, String)> = crate::core::users::active_users(conn)
        .await?
        .into_iter()
        .filter(|user| policy::allows(user, Action::ViewDeal(owned), rules))
        .map(|user| (user.id, user.name))
        .collect();
    let id = Uuid::now_v7();
    let txn = crate::core::db::write(conn).await?;
    comment::ActiveModel {
        id: Set(id),
        deal_id: Set(deal),
        author_id: Set(Some(actor.user.id)),
        body: Set(body.clone()),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let mentions = mentioned(&body, &teammates);
    for user in &mentions {
        notify(
            &txn,
            *user,
            NotificationKind::Mention,
            actor,
            About::Deal(deal),
            &body,
            now,
        )
        .await?;
    }
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "deal.comment", "deal", Some(deal))
            .changes(json!({ "comment": id, "mentions": mentions })),
    )
    .await?;
    let event = Event::DealCommented(events::Comment {
        id: deal,
        comment: id,
        mentions,
    });
    outbox::enqueue(&txn, &event).await?;
    txn.commit().await?;
    Ok(Comment {
        id,
        author_name: Some(actor.user.name.clone()),
        body,
        created_at: now,
    })
}
