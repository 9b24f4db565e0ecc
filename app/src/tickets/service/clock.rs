//! Files each ticket's service-level due times, from its status, priority and the business
//! time it waited on the customer, under the desk's calendar and targets.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::status_of;
use crate::core::code::TextCode;
use crate::error::AppError;
use crate::tickets::entity::ticket;
use crate::tickets::sla::{Desk, Started};
use crate::tickets::types::{Priority, Status};

/// The desk's calendar and targets, as its settings screen left them.
pub(super) async fn desk<C: ConnectionTrait>(conn: &C) -> Result<Desk, AppError> {
    crate::tickets::desk::service::desk(conn).await
}

/// Recomputes and stores the due times of a ticket as it now stands. A target that was met
/// or missed keeps the due time it was measured against, whatever changed since (a priority,
/// the desk's hours), so the verdict on it never changes after the fact.
pub(super) async fn refresh<C: ConnectionTrait>(
    conn: &C,
    desk: &Desk,
    model: &ticket::Model,
) -> Result<(), AppError> {
    let status = status_of(model);
    let clock = desk.clock(
        Priority::parse(&model.priority).unwrap_or_default(),
        Started {
            created: model.created_at,
            paused: i64::from(model.paused_minutes),
            responded: model.first_response_at.is_some(),
            stopped: !matches!(status, Status::New | Status::Open),
        },
    );
    let first_response_due = match model.first_response_at {
        Some(_) => model.first_response_due_at,
        None => clock.first_response_due,
    };
    let resolve_due = match model.solved_at {
        Some(_) => model.resolve_due_at,
        None => clock.resolve_due,
    };
    ticket::Entity::update_many()
        .col_expr(
            ticket::Column::FirstResponseDueAt,
            Expr::value(first_response_due),
        )
        .col_expr(ticket::Column::ResolveDueAt, Expr::value(resolve_due))
        .col_expr(ticket::Column::DueAt, Expr::value(clock.due))
        .col_expr(ticket::Column::RiskAt, Expr::value(clock.risk))
        .filter(ticket::Column::Id.eq(model.id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Files anew the due times of every ticket still at work, after the desk's hours or targets
/// changed; returns how many there were.
pub async fn refile_active<C: ConnectionTrait>(conn: &C, desk: &Desk) -> Result<u64, AppError> {
    let active: Vec<&str> = [Status::New, Status::Open, Status::Pending]
        .iter()
        .map(|s| s.as_str())
        .collect();
    let models = ticket::Entity::find()
        .filter(ticket::Column::Status.is_in(active))
        .all(conn)
        .await?;
    for model in &models {
        refresh(conn, desk, model).await?;
    }
    Ok(models.len() as u64)
}
