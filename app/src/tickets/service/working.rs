//! Working a ticket: replies and notes, and the fields beside the thread, each written only
//! over the version the agent read.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;
use uuid::Uuid;

use super::thread::thread;
use super::{agent, body, load, one, status_of, tell_assignee, to_tickets};
use super::{clock, mail};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::code::choice;
use crate::core::events::{Event, TicketChange, TicketMessage};
use crate::core::policy;
use crate::core::policy::Action;
use crate::core::{audit, outbox, records};
use crate::customers::entity::contact;
use crate::customers::service::tags;
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::attachments::service as attachments;
use crate::tickets::entity::{message, tag, ticket};
use crate::tickets::sla::{Calendar, Desk};
use crate::tickets::types::{
    MessageKind, Placeholders, Priority, ReplyForm, Status, Thread, Ticket, TicketPatch,
    fill_placeholders,
};

/// What the ticket's columns become when its status changes from `from` to `to`. The business
/// time spent waiting on the customer is kept, because it does not count against the target.
pub(super) fn stamp(
    change: &mut ticket::ActiveModel,
    model: &ticket::Model,
    to: Status,
    calendar: &Calendar,
    now: DateTime<Utc>,
) {
    let from = status_of(model);
    if from == to {
        return;
    }
    change.status = Set(to.as_str().to_owned());
    change.pending_since = Set((to == Status::Pending).then_some(now));
    if let (Status::Pending, Some(since)) = (from, model.pending_since) {
        let waited = i32::try_from(calendar.between(since, now)).unwrap_or(i32::MAX);
        change.paused_minutes = Set(model.paused_minutes.saturating_add(waited));
    }
    match to {
        Status::Solved => change.solved_at = Set(Some(now)),
        Status::Closed => change.closed_at = Set(Some(now)),
        Status::Open if from == Status::Solved => change.solved_at = Set(None),
        _ => {}
    }
}

/// Writes `change` if the ticket is still at `version`, and files its due times anew;
/// otherwise answers with the ticket as it is now, so the agent sees what someone else did.
pub(super) async fn write_versioned<C: ConnectionTrait>(
    conn: &C,
    model: &ticket::Model,
    version: i32,
    change: ticket::ActiveModel,
    desk: &Desk,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let change = ticket::Entity::update_many().set(change);
    let current = async || one(conn, model.id).await;
    records::update_versioned(conn, change, model.id, version, now, current).await?;
    clock::refresh(conn, desk, &load(conn, model.id).await?).await
}

/// A ticket that becomes solved asks its requester how the desk did.
pub(super) async fn survey_if_solved<C: ConnectionTrait>(
    conn: &C,
    model: &ticket::Model,
    to: Status,
) -> Result<(), AppError> {
    if to == Status::Solved && status_of(model) != Status::Solved {
        mail::queue_survey(conn, model).await?;
    }
    Ok(())
}

async fn replace_tags<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    tags: &[String],
) -> Result<(), AppError> {
    tag::Entity::delete_many()
        .filter(tag::Column::TicketId.eq(id))
        .exec(conn)
        .await?;
    if !tags.is_empty() {
        let rows = tags.iter().map(|t| tag::ActiveModel {
            ticket_id: Set(id),
            tag: Set(t.clone()),
        });
        tag::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// Answers the customer, or leaves a note for colleagues, and moves the ticket on. The first
/// public reply is the first response the SLA measures and takes a new ticket out of "new";
/// a note is not an answer, so it does neither.
pub async fn reply(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
    form: &ReplyForm,
    now: DateTime<Utc>,
) -> Result<Thread, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "ticket.reply").await?;
    let model = load(conn, id).await?;
    let from = status_of(&model);
    let kind = if form.note {
        MessageKind::Note
    } else {
        MessageKind::Reply
    };
    let mut check = FieldCheck::default();
    let text = check.check("body", body(&form.body));
    let to = match form.status.trim() {
        "" if from == Status::New && kind == MessageKind::Reply => Some(Status::Open),
        "" => Some(from),
        value => check.check("status", choice::<Status>(value)),
    };
    if let Some(to) = to {
        let closed = from == Status::Closed && kind == MessageKind::Reply;
        if closed || !from.may_become(to) {
            check.refuse("status", Invalid::Transition);
        }
    }
    let (Some(text), Some(to)) = (text, to) else {
        return Err(check.into_error());
    };
    check.finish()?;
    // The composer offers placeholders: what is written carries them filled, never as typed.
    let requester = contact::Entity::find_by_id(model.contact_id)
        .one(conn)
        .await?;
    let text = fill_placeholders(
        &text,
        &Placeholders {
            name: requester.as_ref().map_or("", |c| &c.name),
            first_name: requester.as_ref().and_then(|c| c.given_name.as_deref()),
            ticket: model.number,
            subject: &model.subject,
            agent: &actor.user.name,
        },
    );
    let desk = clock::desk(conn).await?;
    let txn = crate::core::db::write(conn).await?;
    let mut change = <ticket::ActiveModel as Default>::default();
    stamp(&mut change, &model, to, &desk.calendar, now);
    if kind == MessageKind::Reply && model.first_response_at.is_none() {
        change.first_response_at = Set(Some(now));
    }
    write_versioned(&txn, &model, version, change, &desk, now).await?;
    let message = Uuid::now_v7();
    message::ActiveModel {
        id: Set(message),
        ticket_id: Set(id),
        kind: Set(kind.as_str().to_owned()),
        author_id: Set(Some(actor.user.id)),
        body: Set(text),
        email_message_id: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        from_email: Set(None),
    }
    .insert(&txn)
    .await?;
    attachments::attach(&txn, actor, id, message, &form.files).await?;
    let changes =
        json!({ "id": id, "message": message, "status": to.as_str(), "files": form.files });
    let action = match kind {
        MessageKind::Note => "ticket.note",
        _ => "ticket.reply",
    };
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), action, "ticket", Some(id)).changes(changes),
    )
    .await?;
    if kind == MessageKind::Reply {
        let replied = Event::TicketReplied(TicketMessage {
            id,
            message,
            status: to.as_str().to_owned(),
            files: form.files.clone(),
        });
        outbox::enqueue(&txn, &replied).await?;
        mail::queue_reply(&txn, message).await?;
    }
    survey_if_solved(&txn, &model, to).await?;
    txn.commit().await?;
    thread(conn, actor, id, now).await
}

/// Changes the status, priority, assignee and tags beside the thread.
pub async fn update(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
    patch: &TicketPatch,
    now: DateTime<Utc>,
) -> Result<Ticket, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "ticket.update").await?;
    let model = load(conn, id).await?;
    let before = to_tickets(conn, vec![model.clone()]).await?.remove(0);
    let mut check = FieldCheck::default();
    let to = check.check("status", choice::<Status>(&patch.status));
    if to.is_some_and(|to| !status_of(&model).may_become(to)) {
        check.refuse("status", Invalid::Transition);
    }
    let priority = check.check("priority", choice::<Priority>(&patch.priority));
    let assignee = check.check("assignee_id", agent(conn, &patch.assignee_id).await?);
    let new_tags = check.check("tags", tags(&patch.tags));
    let (Some(to), Some(priority), Some(assignee), Some(new_tags)) =
        (to, priority, assignee, new_tags)
    else {
        return Err(check.into_error());
    };
    check.finish()?;
    let desk = clock::desk(conn).await?;
    let txn = crate::core::db::write(conn).await?;
    let mut change = ticket::ActiveModel {
        priority: Set(priority.as_str().to_owned()),
        assignee_id: Set(assignee),
        ..Default::default()
    };
    stamp(&mut change, &model, to, &desk.calendar, now);
    write_versioned(&txn, &model, version, change, &desk, now).await?;
    replace_tags(&txn, id, &new_tags).await?;
    tell_assignee(&txn, actor, &load(&txn, id).await?, model.assignee_id, now).await?;
    let after = one(&txn, id).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "ticket.update", "ticket", Some(id))
            .changes(audit::changes(&before, &after)),
    )
    .await?;
    let event = Event::TicketUpdated(TicketChange {
        id,
        status: to.as_str().to_owned(),
        assignee,
    });
    outbox::enqueue(&txn, &event).await?;
    survey_if_solved(&txn, &model, to).await?;
    txn.commit().await?;
    Ok(after)
}
