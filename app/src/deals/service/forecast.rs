//! The forecast of one pipeline: its open deals by expected-close month, its won revenue
//! projected forward, its win rate and the days deals spend per stage. The numbers come from
//! the pure functions of `analytics::forecast`; this reads what they need.

use std::collections::BTreeMap;

use analytics::forecast::{self, Month, OpenDeal, Reached, Stay};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::board::pipeline;
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy::require;
use crate::core::policy::{self, Action, Owned};
use crate::core::settings;
use crate::deals::entity::{deal, stage_change};
use crate::deals::types::{Forecast, Stage, StageKind};
use crate::error::AppError;

const HISTORY_MONTHS: u32 = 24;
const HORIZON: usize = 6;
const HELD_OUT: usize = 3;

/// The month `at` falls in, in `zone`.
pub fn month_of(at: DateTime<Utc>, zone: Tz) -> Month {
    let local = at.with_timezone(&zone);
    Month {
        year: local.year(),
        month: local.month(),
    }
}

fn day_month(day: NaiveDate) -> Month {
    Month {
        year: day.year(),
        month: day.month(),
    }
}

/// The first moment of `month` in `zone`.
pub fn start_of(month: Month, zone: Tz) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(month.year, month.month, 1)
        .and_then(|d| {
            zone.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
                .earliest()
        })
        .map_or(DateTime::UNIX_EPOCH, |d| d.with_timezone(&Utc))
}

pub async fn forecast(
    conn: &DatabaseConnection,
    actor: &Actor,
    wanted: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Forecast, AppError> {
    let own = Owned {
        owner: Some(actor.user.id),
        team: actor.user.team_id,
    };
    require(conn, actor, Action::ViewDeal(own), "deal.forecast").await?;
    let (pipeline, pipelines) = pipeline(conn, wanted).await?;
    let zone = settings::service::zone(conn).await?;
    let rates = settings::rates::get(conn).await?;
    let mut mine = Condition::all()
        .add(deal::Column::PipelineId.eq(pipeline.id))
        .add(deal::Column::ArchivedAt.is_null());
    if let Some(visible) = policy::visible::<deal::Entity, _>(conn, actor).await? {
        mine = mine.add(visible);
    }
    let probability: BTreeMap<Uuid, i32> = pipeline
        .stages
        .iter()
        .map(|s| (s.id, s.probability))
        .collect();
    let mut unconverted = Vec::new();
    let mut base =
        |minor: i64, currency: &str| rates.to_base_noting(minor, currency, &mut unconverted);

    let open: Vec<(Option<NaiveDate>, i64, String, Uuid)> = deal::Entity::find()
        .select_only()
        .columns([
            deal::Column::ExpectedClose,
            deal::Column::AmountMinor,
            deal::Column::Currency,
            deal::Column::StageId,
        ])
        .filter(mine.clone())
        .filter(deal::Column::Status.eq(StageKind::Open.as_str()))
        .into_tuple()
        .all(conn)
        .await?;
    let open: Vec<OpenDeal> = open
        .into_iter()
        .filter_map(|(closes, minor, currency, stage)| {
            Some(OpenDeal {
                closes: closes.map(day_month),
                amount: base(minor, &currency)?,
                probability: probability.get(&stage).copied().unwrap_or(0),
            })
        })
        .collect();

    // The last 24 whole months: the current one is not over, and would drag the trend down.
    let this_month = month_of(now, zone);
    let first = this_month.back(HISTORY_MONTHS);
    let won: Vec<(Option<DateTime<Utc>>, i64, String)> = deal::Entity::find()
        .select_only()
        .columns([
            deal::Column::ClosedAt,
            deal::Column::AmountMinor,
            deal::Column::Currency,
        ])
        .filter(mine.clone())
        .filter(deal::Column::Status.eq(StageKind::Won.as_str()))
        .filter(deal::Column::ClosedAt.gte(start_of(first, zone)))
        .filter(deal::Column::ClosedAt.lt(start_of(this_month, zone)))
        .into_tuple()
        .all(conn)
        .await?;
    let mut monthly = BTreeMap::new();
    let mut month = first;
    for _ in 0..HISTORY_MONTHS {
        monthly.insert(month, 0_i64);
        month = month.next();
    }
    let mut won_months = std::collections::BTreeSet::new();
    for (closed, minor, currency) in won {
        if let (Some(closed), Some(amount)) = (closed, base(minor, &currency)) {
            let month = month_of(closed, zone);
            won_months.insert(month);
            *monthly.entry(month).or_default() += amount;
        }
    }
    // History starts with the first month anything was won: a young workspace's empty
    // months before it are not sales of zero.
    let history: Vec<(Month, i64)> = monthly
        .into_iter()
        .skip_while(|(month, _)| !won_months.contains(month))
        .collect();

    let year_ago = now - chrono::Duration::days(365);
    let closed: Vec<String> = deal::Entity::find()
        .select_only()
        .column(deal::Column::Status)
        .filter(mine.clone())
        .filter(deal::Column::Status.ne(StageKind::Open.as_str()))
        .filter(deal::Column::ClosedAt.gte(year_ago))
        .into_tuple()
        .all(conn)
        .await?;
    let won_count = closed
        .iter()
        .filter(|s| *s == StageKind::Won.as_str())
        .count() as u32;
    let lost_count = closed.len() as u32 - won_count;

    let deals_here = Query::select()
        .column(deal::Column::Id)
        .from(deal::Entity)
        .cond_where(mine.clone())
        .to_owned();
    let moves = stage_change::Entity::find()
        .filter(stage_change::Column::DealId.in_subquery(deals_here))
        .filter(stage_change::Column::MovedAt.gte(year_ago))
        .order_by_asc(stage_change::Column::DealId)
        .order_by_asc(stage_change::Column::MovedAt)
        .all(conn)
        .await?;
    let stays: Vec<Stay<Uuid>> = moves
        .iter()
        .enumerate()
        .map(|(i, entered)| Stay {
            stage: entered.to_stage_id,
            days: moves
                .get(i + 1)
                .filter(|next| next.deal_id == entered.deal_id)
                .map(|next| (next.moved_at - entered.moved_at).num_seconds() as f64 / 86_400.0),
        })
        .collect();
    let days = forecast::days_per_stage(&stays);

    // Deals opened in the last 12 months: all their moves are among those just read.
    let opened: Vec<(Uuid, Uuid, String)> = deal::Entity::find()
        .select_only()
        .columns([
            deal::Column::Id,
            deal::Column::StageId,
            deal::Column::Status,
        ])
        .filter(mine)
        .filter(deal::Column::CreatedAt.gte(year_ago))
        .into_tuple()
        .all(conn)
        .await?;
    let open_stages: Vec<&Stage> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    let position: BTreeMap<Uuid, usize> = open_stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut visited: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for m in &moves {
        visited
            .entry(m.deal_id)
            .or_default()
            .extend(m.from_stage_id.into_iter().chain([m.to_stage_id]));
    }
    let reached: Vec<Reached> = opened
        .into_iter()
        .filter_map(|(id, stage, status)| {
            if status == StageKind::Won.as_str() {
                return Some(Reached::Won);
            }
            visited
                .get(&id)
                .into_iter()
                .flatten()
                .chain([&stage])
                .filter_map(|s| position.get(s).copied())
                .max()
                .map(Reached::Stage)
        })
        .collect();
    let won_name = pipeline
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Won)
        .map(|s| s.name.clone());
    let funnel = open_stages
        .iter()
        .map(|s| s.name.clone())
        .chain(won_name)
        .zip(forecast::funnel(&reached, open_stages.len()))
        .collect();
    let stage_days = open_stages
        .iter()
        .map(|s| {
            let (average, n) = days.get(&s.id).copied().unwrap_or((0.0, 0));
            (s.name.clone(), average, n)
        })
        .collect();
    unconverted.sort();
    Ok(Forecast {
        months: forecast::weighted_by_month(&open),
        projection: forecast::project(&history, HORIZON, HELD_OUT),
        base_currency: rates.base.clone(),
        unconverted,
        won: won_count,
        lost: lost_count,
        stage_days,
        funnel,
        pipeline,
        pipelines,
    })
}
