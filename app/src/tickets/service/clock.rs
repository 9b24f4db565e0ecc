//! Files each ticket's service-level due times, from its status, priority and the business
//! time it waited on the customer.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::status_of;
use crate::customers::types::Named;
use crate::error::AppError;
use crate::settings;
use crate::tickets::entity::ticket;
use crate::tickets::sla::{self, Calendar, Started};
use crate::tickets::types::{Priority, Status};

/// The desk's working hours: office hours in the workspace's time zone.
pub(super) async fn calendar<C: ConnectionTrait>(conn: &C) -> Result<Calendar, AppError> {
    let zone = settings::service::get(conn)
        .await?
        .and_then(|s| s.time_zone.parse().ok())
        .unwrap_or(chrono_tz::Tz::UTC);
    Ok(Calendar::office_hours(zone))
}

/// Recomputes and stores the due times of a ticket as it now stands.
pub(super) async fn refresh<C: ConnectionTrait>(
    conn: &C,
    calendar: &Calendar,
    model: &ticket::Model,
) -> Result<(), AppError> {
    let status = status_of(model);
    let clock = sla::clock(
        calendar,
        sla::default_target(Priority::parse(&model.priority).unwrap_or_default()),
        Started {
            created: model.created_at,
            paused: i64::from(model.paused_minutes),
            responded: model.first_response_at.is_some(),
            stopped: !matches!(status, Status::New | Status::Open),
        },
    );
    ticket::Entity::update_many()
        .col_expr(
            ticket::Column::FirstResponseDueAt,
            Expr::value(clock.first_response_due),
        )
        .col_expr(ticket::Column::ResolveDueAt, Expr::value(clock.resolve_due))
        .col_expr(ticket::Column::DueAt, Expr::value(clock.due))
        .col_expr(ticket::Column::RiskAt, Expr::value(clock.risk))
        .filter(ticket::Column::Id.eq(model.id))
        .exec(conn)
        .await?;
    Ok(())
}
