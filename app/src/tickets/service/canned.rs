//! Canned replies: the answers agents give again and again, shared by the whole desk.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};
use uuid::Uuid;

use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::parse;
use crate::core::policy;
use crate::core::policy::Action;
use crate::error::{AppError, FieldCheck};
use crate::tickets::entity::canned;
use crate::tickets::types::{CannedForm, CannedReply};

pub async fn list(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<CannedReply>, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "canned.list").await?;
    let models = canned::Entity::find()
        .order_by_asc(canned::Column::Title)
        .all(conn)
        .await?;
    Ok(models
        .into_iter()
        .map(|m| CannedReply {
            id: m.id,
            title: m.title,
            body: m.body,
        })
        .collect())
}

pub async fn create(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &CannedForm,
    now: DateTime<Utc>,
) -> Result<CannedReply, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "canned.create").await?;
    let mut check = FieldCheck::default();
    let title = check.check("title", parse::text(&form.title, 100));
    let body = check.check("body", super::body(&form.body));
    let (Some(title), Some(body)) = (title, body) else {
        return Err(check.into_error());
    };
    let id = Uuid::now_v7();
    let txn = crate::core::db::write(conn).await?;
    canned::ActiveModel {
        id: Set(id),
        title: Set(title.clone()),
        body: Set(body.clone()),
        created_by: Set(Some(actor.user.id)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "canned.create",
            "canned_reply",
            Some(id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(CannedReply { id, title, body })
}

pub async fn remove(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    policy::require(conn, actor, Action::WorkTickets, "canned.remove").await?;
    let txn = crate::core::db::write(conn).await?;
    let gone = canned::Entity::delete_by_id(id).exec(&txn).await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "canned.remove",
            "canned_reply",
            Some(id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
