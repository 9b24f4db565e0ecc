//! The deals a rep should look at today: theirs that should close this month, and theirs that
//! have sat in a stage longer than the stage allows.

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::cards;
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::settings;
use crate::deals::entity::deal;
use crate::deals::types::{Card, Pipeline, Stage, StageKind, TODAY_DEALS, next_month};
use crate::error::AppError;

/// At most this many deals in each list.
const SHOWN: u64 = TODAY_DEALS as u64;

/// The actor's open deals.
fn theirs(actor: &Actor) -> Condition {
    Condition::all()
        .add(deal::Column::OwnerId.eq(actor.user.id))
        .add(deal::Column::Status.eq(StageKind::Open.as_str()))
        .add(deal::Column::ArchivedAt.is_null())
}

/// The actor's open deals expected to close this month in their time zone (or before it and
/// still open), soonest first.
pub async fn closing(
    conn: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<Card>, AppError> {
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    let next = next_month(now.with_timezone(&zone).date_naive());
    let deals = deal::Entity::find()
        .filter(theirs(actor))
        .filter(deal::Column::ExpectedClose.lt(next))
        .order_by_asc(deal::Column::ExpectedClose)
        .order_by_asc(deal::Column::Id)
        .limit(SHOWN)
        .all(conn)
        .await?;
    cards(conn, deals).await
}

/// The actor's open deals that stayed in their stage of `pipelines` longer than it allows,
/// longest first, with the stages they are in.
pub async fn stalled(
    conn: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    pipelines: &[Pipeline],
) -> Result<(Vec<Card>, Vec<Stage>), AppError> {
    let stages: HashMap<Uuid, &Stage> = pipelines
        .iter()
        .flat_map(|p| &p.stages)
        .map(|s| (s.id, s))
        .collect();
    // Rotting is more whole days in the stage than allowed: in it since before that many
    // days and one ago.
    let rotting = stages
        .values()
        .filter_map(|s| Some((s.id, s.rotting_days?)))
        .fold(Condition::any(), |any, (id, days)| {
            let days = u64::try_from(days).unwrap_or(0) + 1;
            any.add(
                Condition::all()
                    .add(deal::Column::StageId.eq(id))
                    .add(deal::Column::StageEnteredAt.lte(now - Days::new(days))),
            )
        });
    if rotting.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let deals = deal::Entity::find()
        .filter(theirs(actor))
        .filter(rotting)
        .order_by_asc(deal::Column::StageEnteredAt)
        .order_by_asc(deal::Column::Id)
        .limit(SHOWN)
        .all(conn)
        .await?;
    let cards = cards(conn, deals).await?;
    let mut shown: Vec<Stage> = cards
        .iter()
        .filter_map(|c| stages.get(&c.stage_id).map(|&s| s.clone()))
        .collect();
    shown.sort_by_key(|s| s.id);
    shown.dedup_by_key(|s| s.id);
    Ok((cards, shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    use chrono::NaiveDate;

    #[test]
    fn the_next_month_starts_on_its_first_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(next_month(day(2026, 12, 6)), day(2027, 1, 1));
        assert_eq!(next_month(day(2027, 1, 31)), day(2027, 2, 1));
    }
}
