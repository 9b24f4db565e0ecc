//! Tickets: every rule about opening, reading, answering and changing them, for server
//! functions, the web form and the API alike.

mod bulk;
pub mod canned;
mod clock;
mod inbound;
pub mod inbox;
pub mod mail;
mod opening;
mod thread;
mod working;

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

pub use self::bulk::bulk;
pub use self::clock::refile_active;
pub use self::inbound::{IncomingMail, Received, receive};
pub use self::inbox::{counts, inbox, of_contact, waiting};
pub use self::opening::{create, from_web_form};
pub use self::thread::{everything, thread};
pub use self::working::{reply, update};
use super::entity::{tag, ticket};
use super::types::{Channel, Due, Priority, Status, Ticket};
use crate::core::actor::Actor;
use crate::core::actor::User;
use crate::core::code::TextCode;
use crate::core::parse;
use crate::core::policy::{self, Action, Rules};
use crate::core::records;
use crate::core::users::entity::user;
use crate::customers::entity::contact;
use crate::customers::history::entity::order;
use crate::customers::service::{company_names, optional};
use crate::customers::types::Assignee;
use crate::error::{AppError, Invalid};

/// The longest message Banyan keeps: a long email, not an attachment pasted as text.
const MAX_BODY: usize = 20_000;

pub(crate) fn may_work(user: &User) -> bool {
    policy::allows(user, Action::WorkTickets, Rules::default())
}

fn body(value: &str) -> Result<String, Invalid> {
    parse::optional_long_text(value, MAX_BODY)?.ok_or(Invalid::Required)
}

/// `text` at most `max` characters long, with an ellipsis where it was cut: what a customer
/// sent is shortened to fit, never refused.
fn cut(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn status_of(model: &ticket::Model) -> Status {
    Status::parse(&model.status).unwrap_or_default()
}

/// The tickets as people read them, with the names behind their ids, in a query per kind.
pub(crate) async fn to_tickets<C: ConnectionTrait>(
    conn: &C,
    models: Vec<ticket::Model>,
) -> Result<Vec<Ticket>, AppError> {
    let contacts: HashMap<Uuid, contact::Model> = contact::Entity::find()
        .filter(contact::Column::Id.is_in(models.iter().map(|m| m.contact_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let companies = company_names(conn, models.iter().filter_map(|m| m.company_id)).await?;
    let orders: HashMap<Uuid, String> = order::Entity::find()
        .filter(order::Column::Id.is_in(models.iter().filter_map(|m| m.order_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.number))
        .collect();
    let assignees =
        crate::core::users::names(conn, models.iter().filter_map(|m| m.assignee_id)).await?;
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in tag::Entity::find()
        .filter(tag::Column::TicketId.is_in(models.iter().map(|m| m.id)))
        .order_by_asc(tag::Column::Tag)
        .all(conn)
        .await?
    {
        tags.entry(row.ticket_id).or_default().push(row.tag);
    }
    Ok(models
        .into_iter()
        .map(|m| {
            let requester = contacts.get(&m.contact_id);
            Ticket {
                status: status_of(&m),
                priority: Priority::parse(&m.priority).unwrap_or_default(),
                channel: Channel::parse(&m.channel).unwrap_or_default(),
                contact_name: requester.map(|c| c.name.clone()).unwrap_or_default(),
                contact_given_name: requester.and_then(|c| c.given_name.clone()),
                contact_email: requester.and_then(|c| c.email.clone()),
                company_name: m.company_id.and_then(|c| companies.get(&c).cloned()),
                order_number: m.order_id.and_then(|o| orders.get(&o).cloned()),
                assignee_name: m.assignee_id.and_then(|a| assignees.get(&a).cloned()),
                tags: tags.remove(&m.id).unwrap_or_default(),
                id: m.id,
                number: m.number,
                subject: m.subject,
                contact_id: m.contact_id,
                company_id: m.company_id,
                order_id: m.order_id,
                assignee_id: m.assignee_id,
                first_response_at: m.first_response_at,
                first_response_due_at: m.first_response_due_at,
                solved_at: m.solved_at,
                resolve_due_at: m.resolve_due_at,
                due: Due {
                    at: m.due_at,
                    risk: m.risk_at,
                },
                satisfaction: m.satisfaction.and_then(|s| u8::try_from(s).ok()),
                satisfaction_comment: m.satisfaction_comment,
                version: m.version,
                created_at: m.created_at,
                updated_at: m.updated_at,
            }
        })
        .collect())
}

async fn load<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<ticket::Model, AppError> {
    records::find_or_404::<ticket::Entity, _>(conn, id).await
}

async fn one<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Ticket, AppError> {
    let model = load(conn, id).await?;
    Ok(to_tickets(conn, vec![model]).await?.remove(0))
}

/// An assignee as chosen, who must be an active user who works tickets; none when empty.
async fn agent<C: ConnectionTrait>(
    conn: &C,
    id: &str,
) -> Result<Result<Option<Uuid>, Invalid>, AppError> {
    let parsed = optional(id, |id| {
        Uuid::parse_str(id.trim()).map_err(|_| Invalid::Choice)
    });
    let Ok(Some(id)) = parsed else {
        return Ok(parsed);
    };
    let user = match user::Entity::find_by_id(id).one(conn).await? {
        Some(model) => Some(crate::core::users::to_user(model)?),
        None => None,
    };
    Ok(match user {
        Some(user) if may_work(&user) => Ok(Some(id)),
        _ => Err(Invalid::Choice),
    })
}

/// Tells whoever a ticket was given to, unless they had it already or took it themselves.
async fn tell_assignee<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    ticket: &ticket::Model,
    before: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use crate::notifications::types::{About, NotificationKind};
    let Some(user) = ticket.assignee_id.filter(|to| Some(*to) != before) else {
        return Ok(());
    };
    let excerpt = format!("#{} {}", ticket.number, ticket.subject);
    let (kind, about) = (NotificationKind::TicketAssigned, About::Ticket(ticket.id));
    crate::notifications::service::notify(conn, user, kind, actor, about, &excerpt, now).await
}

/// The people a ticket can be given to: active users who work tickets.
pub async fn agents(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<Assignee>, AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.agents").await?;
    let mut agents: Vec<Assignee> = crate::core::users::active_users(conn)
        .await?
        .into_iter()
        .filter(may_work)
        .map(|u| Assignee {
            id: u.id,
            name: u.name,
        })
        .collect();
    agents.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(agents)
}
