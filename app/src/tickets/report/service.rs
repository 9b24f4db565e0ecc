//! Counts the tickets that came in over a span of days, read a batch at a time so that a
//! year of a busy desk never sits in memory at once.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::types::{AgentLine, Facts, SPANS, SlaReport, Tally};
use crate::auth::policy::{self, Action, Rules};
use crate::auth::session::Signed;
use crate::customers::types::Named;
use crate::error::{AppError, Invalid};
use crate::tickets::entity::ticket;
use crate::tickets::types::{Priority, Status};

/// The report over the `days` before `now`; only the spans the screen offers are taken.
pub async fn sla(
    conn: &DatabaseConnection,
    actor: &Signed,
    days: u32,
    now: DateTime<Utc>,
) -> Result<SlaReport, AppError> {
    policy::require(
        &actor.user,
        Action::WorkTickets,
        Rules::default(),
        "ticket.report",
    )?;
    if !SPANS.contains(&days) {
        return Err(AppError::invalid("days", Invalid::Choice));
    }
    let from = now - TimeDelta::days(i64::from(days));
    let mut rows = ticket::Entity::find()
        .select_only()
        .columns([
            ticket::Column::Priority,
            ticket::Column::AssigneeId,
            ticket::Column::Status,
            ticket::Column::FirstResponseAt,
            ticket::Column::FirstResponseDueAt,
            ticket::Column::SolvedAt,
            ticket::Column::ResolveDueAt,
            ticket::Column::Satisfaction,
        ])
        .filter(ticket::Column::CreatedAt.gte(from))
        .filter(ticket::Column::CreatedAt.lt(now))
        .into_tuple::<Row>()
        .stream(conn)
        .await?;
    let mut total = Tally::default();
    let mut by_priority: HashMap<Priority, Tally> = HashMap::new();
    let mut by_agent: HashMap<Option<Uuid>, Tally> = HashMap::new();
    while let Some(row) = rows.try_next().await? {
        let (priority, assignee, status, first_at, first_due, solved_at, resolve_due, score) = row;
        let facts = Facts {
            status: Status::parse(&status).unwrap_or_default(),
            first_response_at: first_at,
            first_response_due_at: first_due,
            solved_at,
            resolve_due_at: resolve_due,
            satisfaction: score.and_then(|s| u8::try_from(s).ok()),
        };
        total.count(&facts, now);
        let priority = Priority::parse(&priority).unwrap_or_default();
        by_priority.entry(priority).or_default().count(&facts, now);
        by_agent.entry(assignee).or_default().count(&facts, now);
    }
    drop(rows);
    let names = crate::auth::service::names(conn, by_agent.keys().flatten().copied()).await?;
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

type Row = (
    String,
    Option<Uuid>,
    String,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<i16>,
);
