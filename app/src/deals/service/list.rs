//! Every deal the user sees as one list, open or closed long ago, the newest first: what a
//! program pages through to keep another system in step, where the board shows a pipeline's
//! columns and only lately closed deals.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::board::narrowed;
use super::cards;
use crate::core::actor::Actor;
use crate::core::code::{TextCode, choice};
use crate::core::cursor;
use crate::core::policy::{Action, Owned, require};
use crate::deals::entity::deal;
use crate::deals::types::{DealList, DealPage, StageKind};
use crate::error::AppError;

/// Deals in one page of the list.
pub const PAGE_SIZE: u64 = 50;

/// A page of the deals `query` selects, the newest made first.
pub async fn list(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &DealList,
) -> Result<DealPage, AppError> {
    // Whoever may see their own deals lists them; the scope narrows the list.
    let own = Owned {
        owner: Some(actor.user.id),
        team: actor.user.team_id,
    };
    require(conn, actor, Action::ViewDeal(own), "deal.list").await?;
    let mut select = deal::Entity::find().filter(narrowed(conn, actor, &query.filters).await?);
    if let Some(pipeline) = query.filters.pipeline {
        select = select.filter(deal::Column::PipelineId.eq(pipeline));
    }
    if let Some(stage) = query.stage_id {
        select = select.filter(deal::Column::StageId.eq(stage));
    }
    if let Some(status) = query.status.as_deref() {
        let status =
            choice::<StageKind>(status.trim()).map_err(|why| AppError::invalid("status", why))?;
        select = select.filter(deal::Column::Status.eq(status.as_str()));
    }
    let (models, next) = cursor::newest_first(
        conn,
        select,
        deal::Column::Id,
        query.after.as_deref(),
        PAGE_SIZE,
        |d| d.id,
    )
    .await?;
    let deals = cards(conn, models).await?;
    Ok(DealPage { deals, next })
}
