//! Opening a ticket: the number people quote, the first message, and the event that says so.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use super::{agent, body, cut, tell_assignee, to_tickets};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::code::choice;
use crate::core::db::Writer;
use crate::core::events::{Event, TicketOpened};
use crate::core::policy;
use crate::core::policy::Action;
use crate::core::records;
use crate::core::{audit, outbox, parse};
use crate::customers::entity::contact;
use crate::customers::history::entity::order;
use crate::customers::service::{optional, search_text};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::entity::{counter, message, ticket};
use crate::tickets::sla::Started;
use crate::tickets::types::{Channel, MessageKind, NewTicket, Priority, Status, Ticket};

/// The next number people quote for a ticket. The counter row is locked by the update until
/// the transaction ends, so two tickets opened at once never share a number.
async fn next_number<C: ConnectionTrait>(conn: &C) -> Result<i64, AppError> {
    counter::Entity::update_many()
        .col_expr(
            counter::Column::Value,
            Expr::col(counter::Column::Value).add(1),
        )
        .filter(counter::Column::Name.eq("tickets"))
        .exec(conn)
        .await?;
    let row = counter::Entity::find_by_id("tickets")
        .one(conn)
        .await?
        .ok_or_else(|| AppError::internal("the ticket counter is missing"))?;
    Ok(row.value)
}

/// A ticket an agent opens for a customer: on the phone, at the counter, from a chat; and the
/// one door of the REST API, which names its own channel.
pub async fn create<C: Writer>(
    conn: &C,
    actor: &Actor,
    form: &NewTicket,
    now: DateTime<Utc>,
) -> Result<Ticket, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "ticket.create").await?;
    let mut check = FieldCheck::default();
    let requester = match form.contact_id {
        Some(id) => contact::Entity::find_by_id(id).one(conn).await?,
        None => None,
    };
    if requester.is_none() {
        let why = if form.contact_id.is_some() {
            Invalid::NoMatch
        } else {
            Invalid::Required
        };
        check.refuse("contact_id", why);
    }
    let subject = check.check("subject", parse::text(&form.subject, 200));
    let text = check.check("body", body(&form.body));
    let priority = match form.priority.trim() {
        "" => Some(Priority::default()),
        value => check.check("priority", choice::<Priority>(value)),
    };
    let channel = match form.channel.trim() {
        "" => Some(Channel::Phone),
        value => check.check("channel", choice::<Channel>(value)),
    };
    let assignee = check.check("assignee_id", agent(conn, &form.assignee_id).await?);
    let order_id = match optional(&form.order_id, |id| {
        Uuid::parse_str(id.trim()).map_err(|_| Invalid::NoMatch)
    }) {
        Ok(Some(id)) => {
            let theirs = order::Entity::find_by_id(id).one(conn).await?;
            let theirs = theirs.filter(|o| o.contact_id == form.contact_id);
            check.check(
                "order_id",
                theirs.map(|o| Some(o.id)).ok_or(Invalid::NoMatch),
            )
        }
        other => check.check("order_id", other),
    };
    let (
        Some(requester),
        Some(subject),
        Some(text),
        Some(priority),
        Some(assignee),
        Some(order_id),
        Some(channel),
    ) = (
        requester, subject, text, priority, assignee, order_id, channel,
    )
    else {
        return Err(check.into_error());
    };
    check.finish()?;
    let opening = Opening {
        requester,
        subject,
        body: text,
        priority,
        channel,
        assignee,
        order_id,
        created_by: Some(actor.user.id),
        email: None,
    };
    let txn = crate::core::db::write(conn).await?;
    let (model, _) = open(&txn, opening, now).await?;
    tell_assignee(&txn, actor, &model, None, now).await?;
    let ticket = to_tickets(&txn, vec![model]).await?.remove(0);
    txn.commit().await?;
    Ok(ticket)
}

/// A ticket from the website's contact form, on the submission's transaction: its subject is
/// the message's first line.
pub async fn from_web_form<C: ConnectionTrait>(
    conn: &C,
    requester: Uuid,
    message: String,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let requester = records::find_or_404::<contact::Entity, _>(conn, requester).await?;
    let first_line = message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let subject = cut(
        first_line.split_whitespace().collect::<Vec<_>>().join(" "),
        100,
    );
    let opening = Opening {
        requester,
        subject,
        body: message,
        priority: Priority::default(),
        channel: Channel::Web,
        assignee: None,
        order_id: None,
        created_by: None,
        email: None,
    };
    Ok(open(conn, opening, now).await?.0.id)
}

/// Everything a new ticket starts from, checked.
pub(super) struct Opening {
    pub requester: contact::Model,
    pub subject: String,
    pub body: String,
    pub priority: Priority,
    pub channel: Channel,
    pub assignee: Option<Uuid>,
    pub order_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    /// The email the first message came in, when it did.
    pub email: Option<Emailed>,
}

/// How an incoming message came by email: its `Message-ID`, if it had one, and its sender.
pub(super) struct Emailed {
    pub message_id: Option<String>,
    pub from: String,
}

/// Stores a new ticket with the customer's first message, on the caller's transaction; every
/// door (an agent, the web form, email, the API) comes through here. Returns the ticket and
/// the id of its first message.
pub(super) async fn open<C: ConnectionTrait>(
    conn: &C,
    opening: Opening,
    now: DateTime<Utc>,
) -> Result<(ticket::Model, Uuid), AppError> {
    let id = Uuid::now_v7();
    let number = next_number(conn).await?;
    let requester = &opening.requester;
    let clock = super::clock::desk(conn).await?.clock(
        opening.priority,
        Started {
            created: now,
            paused: 0,
            responded: false,
            stopped: false,
        },
    );
    let model = ticket::ActiveModel {
        id: Set(id),
        number: Set(number),
        search_text: Set(search_text(&[
            Some(&opening.subject),
            Some(&requester.name),
            requester.email.as_deref(),
        ])),
        subject: Set(opening.subject),
        contact_id: Set(requester.id),
        company_id: Set(requester.company_id),
        order_id: Set(opening.order_id),
        status: Set(Status::New.as_str().to_owned()),
        priority: Set(opening.priority.as_str().to_owned()),
        channel: Set(opening.channel.as_str().to_owned()),
        assignee_id: Set(opening.assignee),
        team_id: Set(None),
        first_response_due_at: Set(clock.first_response_due),
        resolve_due_at: Set(clock.resolve_due),
        first_response_at: Set(None),
        pending_since: Set(None),
        solved_at: Set(None),
        closed_at: Set(None),
        satisfaction: Set(None),
        satisfaction_comment: Set(None),
        last_incoming_at: Set(now),
        created_by: Set(opening.created_by),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        paused_minutes: Set(0),
        due_at: Set(clock.due),
        risk_at: Set(clock.risk),
        survey_sent_at: Set(None),
        rated_at: Set(None),
    }
    .insert(conn)
    .await?;
    let first = Uuid::now_v7();
    message::ActiveModel {
        id: Set(first),
        ticket_id: Set(id),
        kind: Set(MessageKind::Incoming.as_str().to_owned()),
        author_id: Set(None),
        body: Set(opening.body),
        email_message_id: Set(opening.email.as_ref().and_then(|e| e.message_id.clone())),
        created_at: Set(now),
        sent_at: Set(None),
        from_email: Set(opening.email.map(|e| e.from)),
    }
    .insert(conn)
    .await?;
    let changes = json!({ "id": id, "number": number, "channel": opening.channel.as_str() });
    audit::record(
        conn,
        audit::Entry::new(opening.created_by, "ticket.create", "ticket", Some(id)).changes(changes),
    )
    .await?;
    let opened = Event::TicketCreated(TicketOpened {
        id,
        number,
        channel: opening.channel.as_str().to_owned(),
    });
    outbox::enqueue(conn, &opened).await?;
    Ok((model, first))
}
