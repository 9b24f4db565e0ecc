//! Reading a ticket: its conversation, and who has read it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::{may_work, to_tickets};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy;
use crate::core::policy::Action;
use crate::error::AppError;
use crate::tickets::attachments::service as attachments;
use crate::tickets::entity::{message, read, ticket};
use crate::tickets::types::{Message, MessageKind, Thread, Ticket};

/// A ticket with its conversation; reading it clears its unread mark for the reader.
pub async fn thread(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Thread, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.view").await?;
    let ticket = policy::seen::<ticket::Entity, _>(conn, actor, id).await?;
    let ticket = to_tickets(conn, vec![ticket]).await?.remove(0);
    let messages = messages_of(conn, &ticket).await?;
    mark_read(conn, id, actor.user.id, now).await?;
    Ok(Thread {
        ticket,
        messages,
        can_work: may_work(&actor.user),
        now,
    })
}

/// Every ticket of a customer with its whole conversation, for the export of all Banyan
/// holds about them.
pub async fn everything<C: ConnectionTrait>(
    conn: &C,
    contact: Uuid,
) -> Result<Vec<serde_json::Value>, AppError> {
    let models = ticket::Entity::find()
        .filter(ticket::Column::ContactId.eq(contact))
        .order_by_asc(ticket::Column::CreatedAt)
        .all(conn)
        .await?;
    let mut all = Vec::with_capacity(models.len());
    for ticket in to_tickets(conn, models).await? {
        let messages = messages_of(conn, &ticket).await?;
        all.push(json!({ "ticket": ticket, "messages": messages }));
    }
    Ok(all)
}

/// A ticket's conversation, oldest first.
async fn messages_of<C: ConnectionTrait>(
    conn: &C,
    ticket: &Ticket,
) -> Result<Vec<Message>, AppError> {
    let models = message::Entity::find()
        .filter(message::Column::TicketId.eq(ticket.id))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .all(conn)
        .await?;
    let authors =
        crate::core::users::names(conn, models.iter().filter_map(|m| m.author_id)).await?;
    let mut files = attachments::of_messages(conn, models.iter().map(|m| m.id)).await?;
    Ok(models
        .into_iter()
        .map(|m| {
            let kind = MessageKind::parse(&m.kind).unwrap_or(MessageKind::Note);
            let author = match kind {
                // Anyone in the mail thread may answer: say who, when it is not the requester.
                MessageKind::Incoming => match &m.from_email {
                    Some(from) if ticket.contact_email.as_ref() != Some(from) => from.clone(),
                    _ => ticket.contact_name.clone(),
                },
                _ => m
                    .author_id
                    .and_then(|a| authors.get(&a).cloned())
                    .unwrap_or_default(),
            };
            Message {
                attachments: files.remove(&m.id).unwrap_or_default(),
                id: m.id,
                kind,
                author,
                body: m.body,
                created_at: m.created_at,
                sent_at: m.sent_at,
            }
        })
        .collect())
}

/// Remembers that `user` has read the ticket as it is now.
async fn mark_read<C: ConnectionTrait>(
    conn: &C,
    ticket: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    read::Entity::insert(read::ActiveModel {
        ticket_id: Set(ticket),
        user_id: Set(user),
        read_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([read::Column::TicketId, read::Column::UserId])
            .update_column(read::Column::ReadAt)
            .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(())
}
