//! What the desk mails customers: each public reply, threaded on the conversation, and the
//! survey sent when a ticket is solved. A service queues an event in its own transaction; the
//! server's mail job asks here for the mail when the event is due, and says when the mail
//! server took it. A mail already taken is never composed again, so a retry after a crash
//! sends nothing twice.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::status_of;
use crate::core::code::TextCode;
use crate::core::events::{Event, Record};
use crate::core::mail::{Mail, MailFile, message_id};
use crate::core::signing::SecretKey;
use crate::core::{outbox, settings};
use crate::customers::entity::contact;
use crate::error::AppError;
use crate::i18n::fill;
use crate::tickets::attachments::service as attachments;
use crate::tickets::entity::{message, ticket};
use crate::tickets::satisfaction;
use crate::tickets::types::{MessageKind, Status};

/// The mark in a subject that threads a customer's answer onto its ticket.
pub fn subject_mark(number: i64) -> String {
    format!("[#{number}]")
}

/// The ticket number a subject names with [`subject_mark`], if any.
pub fn number_in(subject: &str) -> Option<i64> {
    let start = subject.find("[#")? + 2;
    let rest = &subject[start..];
    let end = rest.find(']')?;
    rest[..end].parse().ok()
}

/// Queues the mailing of a public reply, on the reply's transaction.
pub(super) async fn queue_reply<C: ConnectionTrait>(
    conn: &C,
    message: Uuid,
) -> Result<(), AppError> {
    outbox::enqueue(conn, &Event::TicketReplyMail(Record { id: message })).await?;
    Ok(())
}

/// Queues the survey of a ticket just solved, on that change's transaction, unless its
/// requester has rated it already.
pub(super) async fn queue_survey<C: ConnectionTrait>(
    conn: &C,
    model: &ticket::Model,
) -> Result<(), AppError> {
    if model.satisfaction.is_none() {
        outbox::enqueue(conn, &Event::TicketSurveyMail(Record { id: model.id })).await?;
    }
    Ok(())
}

struct Sender {
    company: String,
    locale: crate::i18n::Locale,
}

async fn sender<C: ConnectionTrait>(conn: &C) -> Result<Sender, AppError> {
    let settings = settings::service::get(conn).await?;
    Ok(Sender {
        company: settings
            .as_ref()
            .map(|s| s.company_name.clone())
            .unwrap_or_default(),
        locale: settings.map(|s| s.default_locale).unwrap_or_default(),
    })
}

/// The requester's name and address, when they have one.
async fn requester<C: ConnectionTrait>(
    conn: &C,
    ticket: &ticket::Model,
) -> Result<Option<(String, String)>, AppError> {
    let contact = contact::Entity::find_by_id(ticket.contact_id)
        .one(conn)
        .await?;
    Ok(contact.and_then(|c| Some((c.name, c.email?))))
}

/// The reply `id` as an email, or nothing when it was sent already or has no one to go to.
pub async fn reply<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    domain: &str,
) -> Result<Option<Mail>, AppError> {
    let Some(reply) = message::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    if reply.kind != MessageKind::Reply.as_str() || reply.sent_at.is_some() {
        return Ok(None);
    }
    let Some(model) = ticket::Entity::find_by_id(reply.ticket_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some((to_name, to_email)) = requester(conn, &model).await? else {
        return Ok(None);
    };
    // Every mail of the conversation before this reply, for the headers that thread it.
    let earlier = message::Entity::find()
        .filter(message::Column::TicketId.eq(model.id))
        .filter(message::Column::EmailMessageId.is_not_null())
        .filter(message::Column::CreatedAt.lte(reply.created_at))
        .filter(message::Column::Id.ne(reply.id))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .all(conn)
        .await?;
    let in_reply_to = earlier
        .iter()
        .rev()
        .find(|m| m.kind == MessageKind::Incoming.as_str())
        .or(earlier.last())
        .and_then(|m| m.email_message_id.clone());
    let references = earlier
        .into_iter()
        .filter_map(|m| m.email_message_id)
        .collect();
    let agent = match reply.author_id {
        Some(author) => crate::core::users::names(conn, [author])
            .await?
            .remove(&author)
            .unwrap_or_default(),
        None => String::new(),
    };
    let sender = sender(conn).await?;
    let signature = [agent.as_str(), sender.company.as_str()]
        .into_iter()
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Some(Mail {
        to_name,
        to_email,
        from_name: from_name(&agent, &sender.company),
        subject: format!("Re: {} {}", subject_mark(model.number), model.subject),
        text: format!("{}\n\n-- \n{signature}\n", reply.body),
        message_id: message_id(reply.id, domain),
        in_reply_to,
        references,
        html: None,
        list_unsubscribe: None,
        files: attachments::for_mail(conn, reply.id)
            .await?
            .into_iter()
            .map(|(file, key)| MailFile {
                name: file.file_name,
                content_type: file.content_type,
                key,
            })
            .collect(),
    }))
}

/// "Li Na (Acme Support)": who wrote, for whom.
fn from_name(agent: &str, company: &str) -> String {
    match (agent.is_empty(), company.is_empty()) {
        (false, false) => format!("{agent} ({company})"),
        (false, true) => agent.to_owned(),
        _ => company.to_owned(),
    }
}

/// Records that the mail server took reply `id` under `email_id`; only the first call counts.
pub async fn reply_sent<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    email_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    message::Entity::update_many()
        .col_expr(message::Column::SentAt, Expr::value(now))
        .col_expr(message::Column::EmailMessageId, Expr::value(email_id))
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::SentAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The survey of ticket `id`, or nothing when it was sent for this solving already, the
/// ticket was reopened meanwhile, it is rated, or its requester has no address.
pub async fn survey<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    public_url: &str,
    id: Uuid,
    domain: &str,
    now: DateTime<Utc>,
) -> Result<Option<Mail>, AppError> {
    let Some(model) = ticket::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let solved = matches!(status_of(&model), Status::Solved | Status::Closed);
    let (Some(solved_at), true, None) = (model.solved_at, solved, model.satisfaction) else {
        return Ok(None);
    };
    if model.survey_sent_at.is_some_and(|sent| sent >= solved_at) {
        return Ok(None);
    }
    let Some((to_name, to_email)) = requester(conn, &model).await? else {
        return Ok(None);
    };
    let sender = sender(conn).await?;
    let t = sender.locale.messages();
    let number = model.number.to_string();
    let link = satisfaction::service::link(key, public_url, model.id, now);
    let args = [
        ("name", to_name.as_str()),
        ("number", number.as_str()),
        ("subject", model.subject.as_str()),
        ("link", link.as_str()),
        ("company", sender.company.as_str()),
    ];
    // One id per solving: the same survey retried threads as one mail.
    let survey_id = format!("survey-{}-{}", model.id, solved_at.timestamp());
    Ok(Some(Mail {
        to_name: to_name.clone(),
        to_email,
        from_name: sender.company.clone(),
        subject: format!(
            "{} {} {}",
            t.mail_survey_subject,
            subject_mark(model.number),
            model.subject
        ),
        text: fill(t.mail_survey_body, &args),
        message_id: message_id(survey_id, domain),
        in_reply_to: None,
        references: Vec::new(),
        html: None,
        list_unsubscribe: None,
        files: Vec::new(),
    }))
}

/// Records that the mail server took ticket `id`'s survey.
pub async fn survey_sent<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    ticket::Entity::update_many()
        .col_expr(ticket::Column::SurveySentAt, Expr::value(now))
        .filter(ticket::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}
