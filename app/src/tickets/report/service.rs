//! Counts the tickets that came in over a span of days, in the database: one pass over them
//! grouped by priority and assignee, so that a year of a busy desk costs a few rows to read.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::types::{AgentLine, SPANS, SlaReport, Tally};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy::{self, Action};
use crate::error::{AppError, Invalid};
use crate::tickets::entity::ticket::{Column, Entity};
use crate::tickets::types::{Priority, Status};

/// One group's counts, as the query names them.
#[derive(FromQueryResult)]
struct Group {
    priority: String,
    assignee_id: Option<Uuid>,
    tickets: i64,
    first_met: i64,
    first_missed: i64,
    resolve_met: i64,
    resolve_missed: i64,
    score_1: i64,
    score_2: i64,
    score_3: i64,
    score_4: i64,
    score_5: i64,
}

impl Group {
    fn tally(&self) -> Tally {
        let count = |n: i64| u64::try_from(n).unwrap_or_default();
        Tally {
            tickets: count(self.tickets),
            first_met: count(self.first_met),
            first_missed: count(self.first_missed),
            resolve_met: count(self.resolve_met),
            resolve_missed: count(self.resolve_missed),
            scores: [
                self.score_1,
                self.score_2,
                self.score_3,
                self.score_4,
                self.score_5,
            ]
            .map(count),
        }
    }
}

/// How many tickets meet `condition`.
fn how_many(condition: Expr) -> Expr {
    Func::sum(Expr::case(condition, 1).finally(0)).into()
}

/// A target is met when it was done by its due time.
fn met(done: Column, due: Column) -> Expr {
    Expr::col(done)
        .is_not_null()
        .and(Expr::col(done).lte(Expr::col(due)))
}

/// A target is missed when it was done after its due time, or is not done, past due, and
/// still counting (a ticket waiting on the customer is not); a ticket within its target is
/// neither yet.
fn missed(done: Column, due: Column, now: DateTime<Utc>) -> Expr {
    let counting = Expr::col(Column::Status).is_in([Status::New.as_str(), Status::Open.as_str()]);
    let late = Expr::col(done)
        .is_not_null()
        .and(Expr::col(done).gt(Expr::col(due)));
    let overdue = Expr::col(done)
        .is_null()
        .and(counting)
        .and(Expr::col(due).lte(now));
    Expr::col(due).is_not_null().and(late.or(overdue))
}

/// The report over the `days` before `now`; only the spans the screen offers are taken.
pub async fn sla(
    conn: &DatabaseConnection,
    actor: &Actor,
    days: u32,
    now: DateTime<Utc>,
) -> Result<SlaReport, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "ticket.report").await?;
    if !SPANS.contains(&days) {
        return Err(AppError::invalid("days", Invalid::Choice));
    }
    let from = now - TimeDelta::days(i64::from(days));
    let (first_at, first_due) = (Column::FirstResponseAt, Column::FirstResponseDueAt);
    let (solved_at, resolve_due) = (Column::SolvedAt, Column::ResolveDueAt);
    let mut select = Entity::find()
        .select_only()
        .columns([Column::Priority, Column::AssigneeId])
        .expr_as(Func::count(Expr::col(Column::Id)), "tickets")
        .expr_as(how_many(met(first_at, first_due)), "first_met")
        .expr_as(how_many(missed(first_at, first_due, now)), "first_missed")
        .expr_as(how_many(met(solved_at, resolve_due)), "resolve_met")
        .expr_as(
            how_many(missed(solved_at, resolve_due, now)),
            "resolve_missed",
        );
    for score in 1..=5_i16 {
        let rated = Expr::col(Column::Satisfaction).eq(score);
        select = select.expr_as(how_many(rated), format!("score_{score}"));
    }
    let groups = select
        .filter(Column::CreatedAt.gte(from))
        .filter(Column::CreatedAt.lt(now))
        .group_by(Column::Priority)
        .group_by(Column::AssigneeId)
        .into_model::<Group>()
        .all(conn)
        .await?;

    let mut total = Tally::default();
    let mut by_priority: HashMap<Priority, Tally> = HashMap::new();
    let mut by_agent: HashMap<Option<Uuid>, Tally> = HashMap::new();
    for group in &groups {
        let tally = group.tally();
        total.add(&tally);
        let priority = Priority::parse(&group.priority).unwrap_or_default();
        by_priority.entry(priority).or_default().add(&tally);
        by_agent.entry(group.assignee_id).or_default().add(&tally);
    }
    let names = crate::core::users::names(conn, by_agent.keys().flatten().copied()).await?;
    let mut agents: Vec<AgentLine> = by_agent
        .into_iter()
        .map(|(id, tally)| AgentLine {
            name: id.map(|id| names.get(&id).cloned().unwrap_or_default()),
            tally,
        })
        .collect();
    agents.sort_by(|a, b| {
        (
            a.name.is_none(),
            std::cmp::Reverse(a.tally.tickets),
            &a.name,
        )
            .cmp(&(
                b.name.is_none(),
                std::cmp::Reverse(b.tally.tickets),
                &b.name,
            ))
    });
    Ok(SlaReport {
        days,
        from,
        to: now,
        total,
        by_priority: Priority::ALL
            .iter()
            .rev()
            .map(|p| (*p, by_priority.remove(p).unwrap_or_default()))
            .collect(),
        by_agent: agents,
    })
}

/// The share, in percent, of the ratings given from `since` that were 4 or 5: Today's figure,
/// read by the time of rating through its index, not over every ticket of the span.
pub async fn satisfied_since(
    conn: &DatabaseConnection,
    actor: &Actor,
    since: DateTime<Utc>,
) -> Result<Option<u32>, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.report").await?;
    let counts: Vec<(Option<i16>, i64)> = Entity::find()
        .select_only()
        .column(Column::Satisfaction)
        .column_as(Column::Id.count(), "count")
        .filter(Column::RatedAt.gte(since))
        .group_by(Column::Satisfaction)
        .into_tuple()
        .all(conn)
        .await?;
    let mut ratings = Tally::default();
    for (score, count) in counts {
        let slot = score.and_then(|s| usize::try_from(s - 1).ok());
        if let Some(slot) = slot.and_then(|i| ratings.scores.get_mut(i)) {
            *slot = u64::try_from(count).unwrap_or_default();
        }
    }
    Ok(ratings.satisfied())
}
