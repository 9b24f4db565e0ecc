//! The Kanban board: per column the first cards in rank order and figures over all of its
//! deals, in one query per column and one for every column's sums, never one per card.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{amount_sum, cards};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy::require;
use crate::core::policy::{self, Action, Owned};
use crate::core::records;
use crate::core::settings;
use crate::customers::service::list::{escape_like, needle};
use crate::deals::entity::deal;
use crate::deals::pipelines::service as pipelines;
use crate::deals::types::{Board, BoardQuery, CardPage, Column, Pipeline, StageKind, Whose};
use crate::error::{AppError, Invalid};

/// Cards a column shows before "load more".
pub const COLUMN_SIZE: u64 = 50;

/// Won and lost deals stay on the board this long after they closed.
const CLOSED_SHOWN_DAYS: i64 = 30;

/// The deals the board's filters select, across all of a pipeline's columns: those
/// [`narrowed`] selects, open or closed lately.
async fn selected(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &BoardQuery,
    now: DateTime<Utc>,
) -> Result<Condition, AppError> {
    Ok(narrowed(conn, actor, query).await?.add(
        Condition::any()
            .add(deal::Column::Status.eq(StageKind::Open.as_str()))
            .add(deal::Column::ClosedAt.gte(now - Duration::days(CLOSED_SHOWN_DAYS))),
    ))
}

/// The deals not archived that the user sees, narrowed as the board's filters say: whose,
/// the search, the expected close.
pub(super) async fn narrowed(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &BoardQuery,
) -> Result<Condition, AppError> {
    let day = |field: &str, text: &str| -> Result<Option<NaiveDate>, AppError> {
        match text.trim() {
            "" => Ok(None),
            text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| AppError::invalid(field, Invalid::Date)),
        }
    };
    let (from, to) = (
        day("close_from", &query.close_from)?,
        day("close_to", &query.close_to)?,
    );
    if query.q.chars().count() > 100 {
        return Err(AppError::invalid("q", Invalid::TooLong { max: 100 }));
    }
    let mut selected = Condition::all().add(deal::Column::ArchivedAt.is_null());
    if let Some(visible) = policy::visible::<deal::Entity, _>(conn, actor).await? {
        selected = selected.add(visible);
    }
    let me = actor.user.id;
    match query.whose_for(actor.user.role) {
        Whose::Mine => selected = selected.add(deal::Column::OwnerId.eq(me)),
        Whose::Team => {
            let teams = crate::core::users::teams_of(conn, &actor.user).await?;
            selected = selected.add(policy::own_and_teams(deal::Column::OwnerId, me, &teams));
        }
        Whose::Everyone => {}
    }
    if let Some(needle) = needle(&query.q) {
        let pattern = LikeExpr::new(format!("%{}%", escape_like(&needle))).escape('\\');
        selected = selected.add(Expr::col(deal::Column::SearchText).like(pattern));
    }
    if let Some(from) = from {
        selected = selected.add(deal::Column::ExpectedClose.gte(from));
    }
    if let Some(to) = to {
        selected = selected.add(deal::Column::ExpectedClose.lte(to));
    }
    Ok(selected)
}

/// The pipeline the query names, else the first; a workspace without one gets the default.
pub(super) async fn pipeline(
    conn: &DatabaseConnection,
    wanted: Option<Uuid>,
) -> Result<(Pipeline, Vec<(Uuid, String)>), AppError> {
    let mut all = pipelines::all(conn).await?;
    if all.is_empty() {
        let locale = settings::service::get(conn)
            .await?
            .map(|s| s.default_locale)
            .unwrap_or_default();
        pipelines::create_default(conn, locale).await?;
        all = pipelines::all(conn).await?;
    }
    let names = all.iter().map(|p| (p.id, p.name.clone())).collect();
    let at = wanted
        .and_then(|id| all.iter().position(|p| p.id == id))
        .unwrap_or(0);
    Ok((all.swap_remove(at), names))
}

/// The board of one pipeline, as the filters select it.
pub async fn board(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &BoardQuery,
    now: DateTime<Utc>,
) -> Result<Board, AppError> {
    // Whoever may see their own deals sees the board; the scope narrows its cards.
    let own = Owned {
        owner: Some(actor.user.id),
        team: actor.user.team_id,
    };
    require(conn, actor, Action::ViewDeal(own), "deal.board").await?;
    let (pipeline, pipelines) = pipeline(conn, query.pipeline).await?;
    let selected = selected(conn, actor, query, now).await?;
    let rates = settings::rates::get(conn).await?;
    let sums: Vec<(Uuid, String, i64, i64)> = deal::Entity::find()
        .select_only()
        .column(deal::Column::StageId)
        .column(deal::Column::Currency)
        .column_as(deal::Column::Id.count(), "count")
        .column_as(amount_sum(), "total")
        .filter(deal::Column::PipelineId.eq(pipeline.id))
        .filter(selected.clone())
        .group_by(deal::Column::StageId)
        .group_by(deal::Column::Currency)
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_stage: HashMap<Uuid, Vec<(String, i64, i64)>> = HashMap::new();
    for (stage, currency, count, total) in sums {
        by_stage
            .entry(stage)
            .or_default()
            .push((currency, count, total));
    }
    let mut columns = Vec::with_capacity(pipeline.stages.len());
    for stage in &pipeline.stages {
        let page = column(conn, stage.id, &selected, None).await?;
        let rows = by_stage.remove(&stage.id).unwrap_or_default();
        let count = rows
            .iter()
            .map(|(_, n, _)| u64::try_from(*n).unwrap_or(0))
            .sum();
        columns.push(Column {
            stage: stage.clone(),
            total: rates.total(
                rows.iter()
                    .map(|(currency, _, total)| (*total, currency.as_str())),
            ),
            count,
            cards: page.cards,
            more: page.more,
        });
    }
    Ok(Board {
        pipeline,
        pipelines,
        columns,
        rates,
        whose: query.whose_for(actor.user.role),
        now,
    })
}

/// One column's cards in rank order, after the card at `after` (rank, id) if given.
async fn column(
    conn: &DatabaseConnection,
    stage: Uuid,
    selected: &Condition,
    after: Option<(String, Uuid)>,
) -> Result<CardPage, AppError> {
    let mut select = deal::Entity::find()
        .filter(deal::Column::StageId.eq(stage))
        .filter(selected.clone());
    if let Some((rank, id)) = after {
        select = select.filter(
            Condition::any()
                .add(deal::Column::Rank.gt(rank.clone()))
                .add(
                    Condition::all()
                        .add(deal::Column::Rank.eq(rank))
                        .add(deal::Column::Id.gt(id)),
                ),
        );
    }
    let mut models = select
        .order_by_asc(deal::Column::Rank)
        .order_by_asc(deal::Column::Id)
        .limit(COLUMN_SIZE + 1)
        .all(conn)
        .await?;
    let more = models.len() as u64 > COLUMN_SIZE;
    models.truncate(COLUMN_SIZE as usize);
    Ok(CardPage {
        cards: cards(conn, models).await?,
        more,
    })
}

/// The next cards of one column, after the last one the board shows.
pub async fn more(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &BoardQuery,
    stage: Uuid,
    after: Uuid,
    now: DateTime<Utc>,
) -> Result<CardPage, AppError> {
    let selected = selected(conn, actor, query, now).await?;
    let last = records::find_or_404::<deal::Entity, _>(conn, after).await?;
    column(conn, stage, &selected, Some((last.rank, last.id))).await
}
