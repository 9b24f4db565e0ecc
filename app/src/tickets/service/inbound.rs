//! Mail from customers. An answer to one of our mails, or a mail whose subject carries a
//! ticket's mark and comes from its requester, joins that ticket's thread and brings it back
//! to the desk; anything else opens a new ticket, for the contact with that address or for a
//! new one. A message seen before is not taken twice, so a forwarder may post it again.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::mail::number_in;
use super::opening::{Emailed, Opening, open};
use super::working::{stamp, write_versioned};
use super::{MAX_BODY, clock, cut, one, status_of};
use crate::core::code::TextCode;
use crate::core::events::{ContactChange, Event, TicketMessage};
use crate::core::files::Store;
use crate::core::parse::Email;
use crate::core::{audit, outbox, settings};
use crate::customers::entity::contact;
use crate::customers::service::{checked, new_contact};
use crate::customers::types::{ContactForm, Lifecycle, Source};
use crate::error::{AppError, Invalid};
use crate::tickets::attachments::service::{self as attachments, IncomingFile};
use crate::tickets::entity::{message, ticket};
use crate::tickets::types::{Channel, MessageKind, Priority, Status, Ticket};

/// The parts of an incoming email the desk reads; ids are bare, without angle brackets.
#[derive(Clone, Debug, Default)]
pub struct IncomingMail {
    pub message_id: Option<String>,
    /// `In-Reply-To`, then `References` newest first: the mails this one answers.
    pub answers: Vec<String>,
    pub from_email: String,
    pub from_name: Option<String>,
    pub subject: String,
    /// The plain text, as the sender's program wrote it.
    pub text: String,
    pub files: Vec<IncomingFile>,
}

/// What became of an incoming email.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", content = "ticket", rename_all = "snake_case")]
pub enum Received {
    Opened(Ticket),
    Threaded(Ticket),
    /// The same message had come before; nothing changed.
    Again(Ticket),
}

/// Files an incoming email as a new ticket or onto the ticket it answers, with the files it
/// brings; the thread says which files were not kept, and why.
pub async fn receive(
    conn: &DatabaseConnection,
    store: &Store,
    mail: &IncomingMail,
    now: DateTime<Utc>,
) -> Result<Received, AppError> {
    let from = Email::parse(&mail.from_email).map_err(|why| AppError::invalid("from", why))?;
    let now = now.trunc_subsecs(6);
    let subject = match crate::core::parse::text(&mail.subject, 200) {
        Ok(subject) => subject,
        Err(_) if mail.subject.trim().is_empty() => no_subject(conn).await?,
        // A longer subject than an agent may type is cut, not refused: mail is not lost.
        Err(_) => cut(
            mail.subject
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            200,
        ),
    };
    let text = match body_of(&mail.text) {
        text if text.is_empty() => subject.clone(),
        text => text,
    };
    let (files, refused) = attachments::screen(&mail.files);
    let text = with_refusals(conn, text, &refused).await?;
    let txn = crate::core::db::write(conn).await?;
    if let Some(id) = &mail.message_id {
        let seen = message::Entity::find()
            .filter(message::Column::EmailMessageId.eq(id.as_str()))
            .one(&txn)
            .await?;
        if let Some(seen) = seen {
            return Ok(Received::Again(one(&txn, seen.ticket_id).await?));
        }
    }
    let emailed = Emailed {
        message_id: mail.message_id.clone(),
        from: from.as_str().to_owned(),
    };
    let received = match answered(&txn, mail, &from).await? {
        Some(model) => {
            let message = thread_onto(&txn, &model, text, emailed, now).await?;
            attachments::keep_all(&txn, store, model.id, message, &files, now).await?;
            Received::Threaded(one(&txn, model.id).await?)
        }
        None => {
            let requester = requester(&txn, &from, mail.from_name.as_deref(), now).await?;
            let opening = Opening {
                requester,
                subject,
                body: text,
                priority: Priority::default(),
                channel: Channel::Email,
                assignee: None,
                order_id: None,
                created_by: None,
                email: Some(emailed),
            };
            let (model, message) = open(&txn, opening, now).await?;
            attachments::keep_all(&txn, store, model.id, message, &files, now).await?;
            Received::Opened(one(&txn, model.id).await?)
        }
    };
    txn.commit().await?;
    Ok(received)
}

/// The open ticket this mail answers: by the ids it answers, else by the mark in its subject
/// when it comes from that ticket's requester. A closed ticket is done: an answer to it
/// opens a new one.
async fn answered<C: ConnectionTrait>(
    conn: &C,
    mail: &IncomingMail,
    from: &Email,
) -> Result<Option<ticket::Model>, AppError> {
    let mut found = None;
    if !mail.answers.is_empty() {
        let earlier = message::Entity::find()
            .filter(message::Column::EmailMessageId.is_in(mail.answers.iter().map(String::as_str)))
            .all(conn)
            .await?;
        // The newest id the mail names wins: In-Reply-To comes first.
        let by_id = mail.answers.iter().find_map(|id| {
            earlier
                .iter()
                .find(|m| m.email_message_id.as_deref() == Some(id.as_str()))
        });
        if let Some(message) = by_id {
            found = ticket::Entity::find_by_id(message.ticket_id)
                .one(conn)
                .await?;
        }
    }
    if found.is_none()
        && let Some(number) = number_in(&mail.subject)
    {
        let model = ticket::Entity::find()
            .filter(ticket::Column::Number.eq(number))
            .one(conn)
            .await?;
        if let Some(model) = model {
            let requester = contact::Entity::find_by_id(model.contact_id)
                .one(conn)
                .await?;
            if requester.and_then(|c| c.email).as_deref() == Some(from.as_str()) {
                found = Some(model);
            }
        }
    }
    Ok(found.filter(|m| status_of(m) != Status::Closed))
}

/// Adds the customer's message to the thread, and returns its id; a ticket that waited on
/// them, or was solved, is open again.
async fn thread_onto<C: ConnectionTrait>(
    conn: &C,
    model: &ticket::Model,
    text: String,
    emailed: Emailed,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let desk = clock::desk(conn).await?;
    let to = match status_of(model) {
        Status::Pending | Status::Solved => Status::Open,
        same => same,
    };
    let mut change = ticket::ActiveModel {
        last_incoming_at: Set(now),
        ..Default::default()
    };
    stamp(&mut change, model, to, &desk.calendar, now);
    write_versioned(conn, model, model.version, change, &desk, now).await?;
    let id = Uuid::now_v7();
    message::ActiveModel {
        id: Set(id),
        ticket_id: Set(model.id),
        kind: Set(MessageKind::Incoming.as_str().to_owned()),
        author_id: Set(None),
        body: Set(text),
        email_message_id: Set(emailed.message_id),
        created_at: Set(now),
        sent_at: Set(None),
        from_email: Set(Some(emailed.from)),
    }
    .insert(conn)
    .await?;
    let changes = json!({ "id": model.id, "message": id, "status": to.as_str() });
    audit::record(
        conn,
        audit::Entry::new(None, "ticket.receive", "ticket", Some(model.id)).changes(changes),
    )
    .await?;
    let received = Event::TicketReceived(TicketMessage {
        id: model.id,
        message: id,
        status: to.as_str().to_owned(),
        files: Vec::new(),
    });
    outbox::enqueue(conn, &received).await?;
    Ok(id)
}

/// The contact with this address, or a new lead known by the name their mail gives.
async fn requester<C: ConnectionTrait>(
    conn: &C,
    from: &Email,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<contact::Model, AppError> {
    let known = contact::Entity::find()
        .filter(contact::Column::Email.eq(from.as_str()))
        .filter(contact::Column::ArchivedAt.is_null())
        .one(conn)
        .await?;
    if let Some(known) = known {
        return Ok(known);
    }
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(from.as_str());
    let form = ContactForm {
        name: cut(name.to_owned(), 120),
        email: from.as_str().to_owned(),
        source: Source::Email.as_str().to_owned(),
        lifecycle: Lifecycle::Lead.as_str().to_owned(),
        ..ContactForm::default()
    };
    let valid = checked(conn, &form).await?;
    let id = Uuid::now_v7();
    let model = new_contact(id, valid, None, now, None).insert(conn).await?;
    audit::record(
        conn,
        audit::Entry::new(None, "contact.create", "contact", Some(id))
            .changes(json!({ "source": "email" })),
    )
    .await?;
    let created = Event::ContactCreated(ContactChange {
        id,
        name: model.name.clone(),
        version: model.version,
        form: None,
    });
    outbox::enqueue(conn, &created).await?;
    Ok(model)
}

/// The messages in the workspace's language, for what Banyan writes into a thread itself.
async fn workspace_messages<C: ConnectionTrait>(
    conn: &C,
) -> Result<&'static crate::i18n::Messages, AppError> {
    Ok(settings::service::get(conn)
        .await?
        .map(|s| s.default_locale)
        .unwrap_or_default()
        .messages())
}

async fn no_subject<C: ConnectionTrait>(conn: &C) -> Result<String, AppError> {
    Ok(workspace_messages(conn).await?.mail_no_subject.to_owned())
}

/// The message's text, with a line for each file that was not kept and why, so that the
/// agent knows to ask for it another way.
async fn with_refusals<C: ConnectionTrait>(
    conn: &C,
    text: String,
    refused: &[(String, Invalid)],
) -> Result<String, AppError> {
    if refused.is_empty() {
        return Ok(text);
    }
    let t = workspace_messages(conn).await?;
    let lines: Vec<String> = refused
        .iter()
        .map(|(name, why)| format!("{name}: {}", t.invalid(why)))
        .collect();
    Ok(format!(
        "{text}\n\n[{}]\n{}",
        t.mail_files_not_kept,
        lines.join("\n")
    ))
}

/// The lines that introduce a quoted earlier mail, in the mail programs our users use.
fn opens_quote(line: &str) -> bool {
    let line = line.trim();
    (line.starts_with("On ") && line.ends_with("wrote:"))
        || (line.starts_with('在') && (line.ends_with("写道：") || line.ends_with("写道:")))
        || line.starts_with("-----Original Message-----")
        || (line.contains("原始邮件") && line.starts_with("---"))
}

/// What the customer wrote this time: line breaks kept, the earlier mail they quote cut off,
/// at most as long as the desk keeps.
fn body_of(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some(at) = lines.iter().position(|l| opens_quote(l)) {
        lines.truncate(at);
    }
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('>'))
    {
        lines.pop();
    }
    let body = lines.join("\n").trim().to_owned();
    // A mail that is nothing but quote keeps all it has.
    let body = if body.is_empty() {
        text.trim().to_owned()
    } else {
        body
    };
    cut(body, MAX_BODY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quoted_mail_is_cut_off() {
        let english = "Thanks, that worked.\r\n\r\nOn Mon, 30 Nov 2026 at 10:00, Acme <help@acme.cn> wrote:\r\n> Try turning it off and on.\r\n";
        assert_eq!(body_of(english), "Thanks, that worked.");
        let chinese = "好的，谢谢！\n\n在 2026年11月30日 10:00，Acme 写道：\n> 请重启设备。";
        assert_eq!(body_of(chinese), "好的，谢谢！");
        let qq = "收到\n------------------ 原始邮件 ------------------\n发件人: Acme";
        assert_eq!(body_of(qq), "收到");
        let inline = "> Is it on?\nYes it is.\n> And now?\nStill on.\n> quoted tail";
        assert_eq!(
            body_of(inline),
            "> Is it on?\nYes it is.\n> And now?\nStill on."
        );
    }

    #[test]
    fn a_mail_of_only_quote_is_kept_and_a_long_one_is_cut() {
        assert_eq!(body_of("> only this\n"), "> only this");
        let long = "字".repeat(MAX_BODY + 10);
        let body = body_of(&long);
        assert_eq!(body.chars().count(), MAX_BODY);
        assert!(body.ends_with('…'));
    }
}
