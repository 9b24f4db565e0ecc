//! The inbox: which tickets each view holds, a page at a time, and how many.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::status_of;
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy;
use crate::core::policy::{Action, Scope};
use crate::core::records;
use crate::customers::service::contact_names;
use crate::error::AppError;
use crate::tickets::entity::{read, ticket};
use crate::tickets::types::{
    Due, Inbox, InboxQuery, Priority, Status, TicketRow, View, ViewCounts,
};

/// Rows per page of the inbox.
const PAGE: u64 = 50;

fn statuses(list: &[Status]) -> Vec<&'static str> {
    list.iter().map(|s| s.as_str()).collect()
}

fn active() -> Vec<&'static str> {
    statuses(&[Status::New, Status::Open, Status::Pending])
}

/// The tickets a view holds for `user` at `now`.
fn in_view(view: View, user: Uuid, now: DateTime<Utc>) -> Condition {
    let status = ticket::Column::Status;
    let working = Condition::all().add(status.is_in(active()));
    match view {
        View::Unassigned => working.add(ticket::Column::AssigneeId.is_null()),
        View::Mine => working.add(ticket::Column::AssigneeId.eq(user)),
        View::Open => Condition::all().add(status.is_in(statuses(&[Status::New, Status::Open]))),
        View::AtRisk => working
            .add(ticket::Column::RiskAt.lte(now))
            .add(ticket::Column::DueAt.gt(now)),
        View::Breached => working.add(ticket::Column::DueAt.lte(now)),
        View::Pending => Condition::all().add(status.eq(Status::Pending.as_str())),
        View::Solved => {
            Condition::all().add(status.is_in(statuses(&[Status::Solved, Status::Closed])))
        }
        View::All => Condition::all(),
    }
}

/// Work in progress reads by the target running now, soonest first (then the tickets with no
/// target, oldest first); finished work reads newest first.
fn by_due(view: View) -> bool {
    !matches!(view, View::Solved | View::All)
}

/// The rows after `last` in the order of work in progress.
fn after_by_due(last: &ticket::Model) -> Condition {
    let (due, created, id) = (
        ticket::Column::DueAt,
        ticket::Column::CreatedAt,
        ticket::Column::Id,
    );
    let later = Condition::any().add(created.gt(last.created_at)).add(
        Condition::all()
            .add(created.eq(last.created_at))
            .add(id.gt(last.id)),
    );
    match last.due_at {
        Some(at) => Condition::any()
            .add(due.is_null())
            .add(due.gt(at))
            .add(Condition::all().add(due.eq(at)).add(later)),
        None => Condition::all().add(due.is_null()).add(later),
    }
}

/// The rows after `last` in the order of finished work.
fn after_newest(last: &ticket::Model) -> Condition {
    let (created, id) = (ticket::Column::CreatedAt, ticket::Column::Id);
    Condition::any().add(created.lt(last.created_at)).add(
        Condition::all()
            .add(created.eq(last.created_at))
            .add(id.lt(last.id)),
    )
}

/// A search matches the ticket's number (`1042` or `#1042`), or its subject and requester.
fn matching(q: &str) -> Option<Condition> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let text = ticket::Column::SearchText.contains(q.to_lowercase());
    Some(match q.trim_start_matches('#').parse::<i64>() {
        Ok(number) => Condition::any()
            .add(ticket::Column::Number.eq(number))
            .add(text),
        Err(_) => Condition::all().add(text),
    })
}

/// One page of a view, continuing after `query.after`.
pub async fn inbox(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &InboxQuery,
    now: DateTime<Utc>,
) -> Result<Inbox, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.list").await?;
    let view = match query.view {
        // The same tickets as "solved or closed": said so, the newest-first page reads the
        // creation index in order instead of sorting every finished ticket (40 ms at 47,000
        // in SQLite, against 0.2). Counting goes faster the other way.
        View::Solved => Condition::all().add(ticket::Column::Status.is_not_in(active())),
        view => in_view(view, actor.user.id, now),
    };
    let mut select = policy::find::<ticket::Entity, _>(conn, actor)
        .await?
        .filter(view);
    if let Some(search) = matching(&query.q) {
        select = select.filter(search);
    }
    let due_first = by_due(query.view);
    if let Some(after) = query.after {
        let last = records::find_or_404::<ticket::Entity, _>(conn, after).await?;
        select = select.filter(if due_first {
            after_by_due(&last)
        } else {
            after_newest(&last)
        });
    }
    let select = if due_first {
        select
            .order_by_asc(Expr::col(ticket::Column::DueAt).is_null())
            .order_by_asc(ticket::Column::DueAt)
            .order_by_asc(ticket::Column::CreatedAt)
            .order_by_asc(ticket::Column::Id)
    } else {
        select
            .order_by_desc(ticket::Column::CreatedAt)
            .order_by_desc(ticket::Column::Id)
    };
    let mut models = select.limit(PAGE + 1).all(conn).await?;
    let more = models.len() as u64 > PAGE;
    models.truncate(PAGE as usize);
    Ok(Inbox {
        rows: rows(conn, actor, models).await?,
        more,
        now,
    })
}

/// The tickets of one customer, newest first, for their page.
pub async fn of_contact(
    conn: &DatabaseConnection,
    actor: &Actor,
    contact: Uuid,
) -> Result<Vec<TicketRow>, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.list").await?;
    let models = policy::find::<ticket::Entity, _>(conn, actor)
        .await?
        .filter(ticket::Column::ContactId.eq(contact))
        .order_by_desc(ticket::Column::CreatedAt)
        .limit(PAGE)
        .all(conn)
        .await?;
    rows(conn, actor, models).await
}

async fn rows(
    conn: &DatabaseConnection,
    actor: &Actor,
    models: Vec<ticket::Model>,
) -> Result<Vec<TicketRow>, AppError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let requesters = contact_names(conn, models.iter().map(|m| m.contact_id)).await?;
    let assignees =
        crate::core::users::names(conn, models.iter().filter_map(|m| m.assignee_id)).await?;
    let reads: HashMap<Uuid, _> = read::Entity::find()
        .filter(read::Column::UserId.eq(actor.user.id))
        .filter(read::Column::TicketId.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.ticket_id, r.read_at))
        .collect();
    Ok(models
        .into_iter()
        .map(|m| TicketRow {
            status: status_of(&m),
            priority: Priority::parse(&m.priority).unwrap_or_default(),
            requester: requesters.get(&m.contact_id).cloned().unwrap_or_default(),
            assignee_name: m.assignee_id.and_then(|a| assignees.get(&a).cloned()),
            unread: reads
                .get(&m.id)
                .is_none_or(|read| *read < m.last_incoming_at),
            due: Due {
                at: m.due_at,
                risk: m.risk_at,
            },
            id: m.id,
            number: m.number,
            subject: m.subject,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        })
        .collect())
}

/// Active tickets that are the user's or nobody's: what the navigation counts for those who
/// work tickets.
pub async fn waiting(conn: &DatabaseConnection, actor: &Actor) -> Result<u64, AppError> {
    if !super::may_work(&actor.user) {
        return Ok(0);
    }
    let theirs = Condition::any()
        .add(ticket::Column::AssigneeId.is_null())
        .add(ticket::Column::AssigneeId.eq(actor.user.id));
    Ok(ticket::Entity::find()
        .filter(theirs)
        .filter(ticket::Column::Status.is_in(active()))
        .count(conn)
        .await?)
}

/// How many tickets each view holds for the user, for the tabs and the navigation.
pub async fn counts(
    conn: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ViewCounts, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.list").await?;
    let scope = policy::scope(conn, actor).await?;
    let mut counts = Vec::with_capacity(View::ALL.len());
    for view in View::ALL {
        counts.push((*view, tally(conn, actor, scope, *view, now).await?));
    }
    Ok(ViewCounts(counts))
}

/// How many tickets one view holds for the user.
pub async fn count(
    conn: &DatabaseConnection,
    actor: &Actor,
    view: View,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.list").await?;
    tally(conn, actor, policy::scope(conn, actor).await?, view, now).await
}

async fn tally(
    conn: &DatabaseConnection,
    actor: &Actor,
    scope: Scope,
    view: View,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(policy::within(ticket::Entity::find(), scope)
        .filter(in_view(view, actor.user.id, now))
        .count(conn)
        .await?)
}
