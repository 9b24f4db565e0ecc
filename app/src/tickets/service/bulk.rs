//! Changing many tickets at once from the inbox: assign, set a status or a priority. Each
//! ticket is changed only over the version the inbox showed; the ones someone else changed
//! meanwhile, and the ones whose status cannot follow, are left as they are and named.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, Set};
use serde_json::json;

use super::working::{stamp, survey_if_solved, write_versioned};
use super::{agent, clock, load, status_of, tell_assignee};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::code::choice;
use crate::core::events::{Event, TicketChange};
use crate::core::policy;
use crate::core::policy::Action;
use crate::core::{audit, outbox};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::entity::ticket;
use crate::tickets::types::{BulkChange, BulkOutcome, NOBODY, Priority, Seen, Status};

/// The most tickets one change takes: two pages of the inbox.
const MOST: usize = 100;

/// What the change does to each ticket, checked once for all of them.
struct Change {
    /// `Some(None)` takes the tickets from whoever has them.
    assignee: Option<Option<uuid::Uuid>>,
    status: Option<Status>,
    priority: Option<Priority>,
}

async fn checked(conn: &DatabaseConnection, form: &BulkChange) -> Result<Change, AppError> {
    let mut check = FieldCheck::default();
    if form.picked.is_empty() {
        check.refuse("picked", Invalid::Required);
    } else if form.picked.len() > MOST {
        check.refuse("picked", Invalid::TooLong { max: MOST });
    }
    let assignee = match form.assignee.trim() {
        "" => Some(None),
        NOBODY => Some(Some(None)),
        id => check.check("assignee", agent(conn, id).await?).map(Some),
    };
    let status = match form.status.trim() {
        "" => Some(None),
        value => check.check("status", choice::<Status>(value)).map(Some),
    };
    let priority = match form.priority.trim() {
        "" => Some(None),
        value => check.check("priority", choice::<Priority>(value)).map(Some),
    };
    let (Some(assignee), Some(status), Some(priority)) = (assignee, status, priority) else {
        return Err(check.into_error());
    };
    if assignee.is_none() && status.is_none() && priority.is_none() {
        check.refuse("change", Invalid::Required);
    }
    check.finish()?;
    Ok(Change {
        assignee,
        status,
        priority,
    })
}

/// Applies `form` to the tickets it picks, in one transaction.
pub async fn bulk(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &BulkChange,
    now: DateTime<Utc>,
) -> Result<BulkOutcome, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "ticket.bulk_update").await?;
    let change = checked(conn, form).await?;
    let desk = clock::desk(conn).await?;
    let txn = crate::core::db::write(conn).await?;
    let mut outcome = BulkOutcome::default();
    let mut picked = form.picked.clone();
    picked.sort();
    picked.dedup_by_key(|seen| seen.id);
    for Seen { id, version } in picked {
        let model = match load(&txn, id).await {
            Ok(model) => model,
            Err(AppError::NotFound) => continue,
            Err(err) => return Err(err),
        };
        if model.version != version {
            outcome.stale.push(model.number);
            continue;
        }
        let to = change.status.unwrap_or_else(|| status_of(&model));
        if !status_of(&model).may_become(to) {
            outcome.refused.push(model.number);
            continue;
        }
        let mut update = <ticket::ActiveModel as Default>::default();
        if let Some(assignee) = change.assignee {
            update.assignee_id = Set(assignee);
        }
        if let Some(priority) = change.priority {
            update.priority = Set(priority.as_str().to_owned());
        }
        stamp(&mut update, &model, to, &desk.calendar, now);
        match write_versioned(&txn, &model, version, update, &desk, now).await {
            Ok(()) => {}
            Err(AppError::Conflict { .. }) => {
                outcome.stale.push(model.number);
                continue;
            }
            Err(err) => return Err(err),
        }
        let after = load(&txn, id).await?;
        tell_assignee(&txn, actor, &after, model.assignee_id, now).await?;
        let event = Event::TicketUpdated(TicketChange {
            id,
            status: to.as_str().to_owned(),
            assignee: after.assignee_id,
        });
        outbox::enqueue(&txn, &event).await?;
        survey_if_solved(&txn, &model, to).await?;
        outcome.changed.push(model.number);
    }
    // One entry for the whole change, as for other bulk work.
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "ticket.bulk_update", "ticket", None).changes(
            json!({
                "assignee": change
                    .assignee
                    .map(|a| a.map_or_else(|| NOBODY.to_owned(), |id| id.to_string())),
                "status": change.status.map(TextCode::as_str),
                "priority": change.priority.map(TextCode::as_str),
                "changed": outcome.changed,
                "stale": outcome.stale,
                "refused": outcome.refused,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}
