//! Moving a deal on the board: to another stage, or to another place in its column.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{authorize, card, enter_stage, load};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::db::Writer;
use crate::core::events::{DealMove, Event};
use crate::core::policy::Action;
use crate::core::{audit, db, outbox, parse, records};
use crate::deals::entity::deal;
use crate::deals::pipelines::service as pipelines;
use crate::deals::rank;
use crate::deals::types::{Card, Move, StageKind};
use crate::error::{AppError, Invalid};

/// The rank of a neighbour named by the client, if it is still in the target column.
async fn neighbour(
    conn: &sea_orm::DatabaseTransaction,
    id: Option<Uuid>,
    stage: Uuid,
) -> Result<Option<String>, AppError> {
    let Some(id) = id else { return Ok(None) };
    Ok(deal::Entity::find_by_id(id)
        .filter(deal::Column::StageId.eq(stage))
        .one(conn)
        .await?
        .map(|d| d.rank))
}

/// Puts a deal between two cards of a stage, provided nobody changed it since `version` was
/// read; a stale move is a conflict that carries the deal as it now is.
pub async fn move_deal<C: Writer>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    version: i32,
    to: &Move,
    now: DateTime<Utc>,
) -> Result<Card, AppError> {
    let before = authorize(conn, actor, id, Action::EditDeal, "deal.move").await?;
    // A stage that is gone or on another pipeline is a bad choice; a failing database is not.
    let stage = match pipelines::stage(conn, to.stage_id).await {
        Ok((pipeline, stage)) if pipeline == before.pipeline_id => stage,
        Ok(_) | Err(AppError::NotFound) => {
            return Err(AppError::invalid("stage_id", Invalid::Choice));
        }
        Err(err) => return Err(err),
    };
    let reason = match stage.kind {
        StageKind::Lost => {
            Some(parse::text(&to.reason, 200).map_err(|why| AppError::invalid("reason", why))?)
        }
        StageKind::Won => {
            parse::optional_text(&to.reason, 200).map_err(|why| AppError::invalid("reason", why))?
        }
        StageKind::Open => None,
    };
    let changes_stage = stage.id != before.stage.id;
    let txn = db::write(conn).await?;
    let low = neighbour(&txn, to.after, stage.id).await?;
    let high = neighbour(&txn, to.before, stage.id).await?;
    let rank = rank::between(low.as_deref(), high.as_deref());
    let mut update = deal::Entity::update_many().col_expr(deal::Column::Rank, Expr::value(rank));
    if changes_stage {
        let closed = (stage.kind != StageKind::Open).then_some(now);
        update = update
            .col_expr(deal::Column::StageId, Expr::value(stage.id))
            .col_expr(deal::Column::Status, Expr::value(stage.kind.as_str()))
            .col_expr(deal::Column::StageEnteredAt, Expr::value(now))
            .col_expr(deal::Column::ClosedAt, Expr::value(closed))
            .col_expr(deal::Column::CloseReason, Expr::value(reason));
    }
    records::update_versioned(&txn, update, id, version, now, async || {
        load(&txn, id).await
    })
    .await?;
    let after = load(&txn, id).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "deal.move", "deal", Some(id))
            .changes(audit::changes(&before, &after)),
    )
    .await?;
    if changes_stage {
        enter_stage(
            &txn,
            id,
            Some(before.stage.id),
            stage.id,
            Some(actor.user.id),
            now,
        )
        .await?;
        let moved = DealMove {
            id,
            title: after.title.clone(),
            stage_id: stage.id,
            by: actor.user.id,
        };
        let event = match stage.kind {
            StageKind::Open => Event::DealMoved(moved),
            StageKind::Won => Event::DealWon(moved),
            StageKind::Lost => Event::DealLost(moved),
        };
        outbox::enqueue(&txn, &event).await?;
    }
    let card = card(&txn, id).await?;
    txn.commit().await?;
    Ok(card)
}
