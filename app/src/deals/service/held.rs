//! The deals a rep's device keeps to work offline: the open deals they own.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::deals_of;
use crate::core::code::TextCode;
use crate::deals::entity::deal;
use crate::deals::types::{Deal, StageKind};
use crate::error::AppError;

/// At most this many deals on a device, the latest changed first.
pub const MOST: u64 = 500;

/// What changed in the deals a device keeps since it last asked.
pub struct Held {
    /// The kept deals changed since (every one, the first time), each with its place in its
    /// column.
    pub changed: Vec<(Deal, String)>,
    /// Deals changed since that are no longer kept: won, lost, archived or given to someone
    /// else.
    pub gone: Vec<Uuid>,
    /// The contacts of every kept deal: the device keeps them too.
    pub contacts: Vec<Uuid>,
}

/// The open deals `owner` owns, as changed since `since` (all of them without one).
pub async fn held<C: ConnectionTrait>(
    conn: &C,
    owner: Uuid,
    since: Option<DateTime<Utc>>,
) -> Result<Held, AppError> {
    let kept = Condition::all()
        .add(deal::Column::OwnerId.eq(owner))
        .add(deal::Column::Status.eq(StageKind::Open.as_str()))
        .add(deal::Column::ArchivedAt.is_null());
    let mut changed = deal::Entity::find().filter(kept.clone());
    let mut gone = Vec::new();
    if let Some(since) = since {
        changed = changed.filter(deal::Column::UpdatedAt.gt(since));
        gone = deal::Entity::find()
            .select_only()
            .column(deal::Column::Id)
            .filter(deal::Column::UpdatedAt.gt(since))
            .filter(
                // Spelled out rather than `NOT kept`: a deal left with no owner is gone too.
                Condition::any()
                    .add(deal::Column::OwnerId.is_null())
                    .add(deal::Column::OwnerId.ne(owner))
                    .add(deal::Column::Status.ne(StageKind::Open.as_str()))
                    .add(deal::Column::ArchivedAt.is_not_null()),
            )
            .into_tuple()
            .all(conn)
            .await?;
    }
    let models = changed
        .order_by_desc(deal::Column::UpdatedAt)
        .limit(MOST)
        .all(conn)
        .await?;
    let contacts: Vec<Option<Uuid>> = deal::Entity::find()
        .select_only()
        .column(deal::Column::ContactId)
        .filter(kept)
        .order_by_desc(deal::Column::UpdatedAt)
        .limit(MOST)
        .into_tuple()
        .all(conn)
        .await?;
    let ranks: Vec<String> = models.iter().map(|m| m.rank.clone()).collect();
    Ok(Held {
        changed: deals_of(conn, models)
            .await?
            .into_iter()
            .zip(ranks)
            .collect(),
        gone,
        contacts: contacts.into_iter().flatten().collect(),
    })
}
