//! Keeping, linking, serving and forgetting tickets' files. The bytes are written before the
//! row that names them, and a file without a row is swept later, so a crash between the two
//! loses nothing that anyone could see and leaves nothing for long.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::entity::{self as attachment, Model};
use super::types::{Attachment, MAX_FILES};
use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::files::Store;
use crate::core::policy::{self, Action};
use crate::core::records;
use crate::core::signing::sha256_hex;
use crate::error::{AppError, Invalid};
use crate::tickets::entity::ticket;
use clean::file_kind::{file_name, sniff};

/// An upload that no reply took within a day was abandoned.
const PENDING_FOR: TimeDelta = TimeDelta::days(1);
/// A file without a row older than this was left by a crash or a failed write.
const ORPHAN_AFTER: TimeDelta = TimeDelta::hours(1);

fn to_attachment(model: Model) -> Attachment {
    Attachment {
        id: model.id,
        file_name: model.file_name,
        content_type: model.content_type,
        size: model.size,
    }
}

/// A file that came with a message: its name as sent, and its bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Checks a file, writes it to the store and its row on `conn`; the row waits for a message
/// when `message` is none.
async fn keep<C: ConnectionTrait>(
    conn: &C,
    store: &Store,
    ticket: Uuid,
    message: Option<Uuid>,
    uploaded_by: Option<Uuid>,
    file: &IncomingFile,
    now: DateTime<Utc>,
) -> Result<Result<Attachment, Invalid>, AppError> {
    let kind = match sniff(&file.bytes, &file.name) {
        Ok(kind) => kind,
        Err(why) => return Ok(Err(why)),
    };
    let id = Uuid::now_v7();
    let key = Store::key(id, now);
    store.put(&key, &file.bytes).await?;
    let row = attachment::ActiveModel {
        id: Set(id),
        ticket_id: Set(ticket),
        message_id: Set(message),
        file_name: Set(file_name(&file.name)),
        content_type: Set(kind.to_owned()),
        size: Set(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256_hex(&file.bytes)),
        storage_key: Set(key.clone()),
        uploaded_by: Set(uploaded_by),
        created_at: Set(now),
    }
    .insert(conn)
    .await;
    match row {
        Ok(row) => Ok(Ok(to_attachment(row))),
        Err(err) => {
            // The row is what makes the file exist; without it the bytes go too.
            store.remove(&key).await?;
            Err(err.into())
        }
    }
}

/// An agent's file for the reply or note they are writing on ticket `ticket`.
pub async fn upload(
    conn: &DatabaseConnection,
    store: &Store,
    actor: &Actor,
    ticket: Uuid,
    file: &IncomingFile,
    now: DateTime<Utc>,
) -> Result<Attachment, AppError> {
    policy::require(conn, actor, Action::WorkTickets, "ticket.attachment.upload").await?;
    records::find_or_404::<ticket::Entity, _>(conn, ticket).await?;
    let waiting = attachment::Entity::find()
        .filter(attachment::Column::TicketId.eq(ticket))
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::UploadedBy.eq(actor.user.id))
        .count(conn)
        .await?;
    if waiting >= MAX_FILES as u64 {
        return Err(AppError::invalid(
            "file",
            Invalid::TooLong { max: MAX_FILES },
        ));
    }
    let txn = crate::core::db::write(conn).await?;
    let kept = keep(&txn, store, ticket, None, Some(actor.user.id), file, now)
        .await?
        .map_err(|why| AppError::invalid("file", why))?;
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "ticket.attachment.upload",
            "ticket",
            Some(ticket),
        )
        .changes(json!({ "attachment": kept.id, "file_name": kept.file_name, "size": kept.size })),
    )
    .await?;
    txn.commit().await?;
    Ok(kept)
}

/// Gives the agent's waiting uploads `ids` to the message they wrote, on its transaction.
/// An id that is not one of their waiting uploads on this ticket refuses the whole message.
pub(crate) async fn attach<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    ticket: Uuid,
    message: Uuid,
    ids: &[Uuid],
) -> Result<(), AppError> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    if ids.len() > MAX_FILES {
        return Err(AppError::invalid(
            "files",
            Invalid::TooLong { max: MAX_FILES },
        ));
    }
    let taken = attachment::Entity::update_many()
        .col_expr(attachment::Column::MessageId, Expr::value(message))
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachment::Column::TicketId.eq(ticket))
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::UploadedBy.eq(actor.user.id))
        .exec(conn)
        .await?;
    if taken.rows_affected != ids.len() as u64 {
        return Err(AppError::invalid("files", Invalid::NoMatch));
    }
    Ok(())
}

/// Drops an upload the agent took out of their reply before sending it.
pub async fn discard(
    conn: &DatabaseConnection,
    store: &Store,
    actor: &Actor,
    id: Uuid,
) -> Result<(), AppError> {
    let row = attachment::Entity::find_by_id(id)
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::UploadedBy.eq(actor.user.id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    attachment::Entity::delete_by_id(id).exec(conn).await?;
    store.remove(&row.storage_key).await
}

/// The files of each of `messages`, in the order they came.
pub async fn of_messages<C: ConnectionTrait>(
    conn: &C,
    messages: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Vec<Attachment>>, AppError> {
    let mut by_message: HashMap<Uuid, Vec<Attachment>> = HashMap::new();
    for row in attachment::Entity::find()
        .filter(attachment::Column::MessageId.is_in(messages))
        .order_by_asc(attachment::Column::Id)
        .all(conn)
        .await?
    {
        if let Some(message) = row.message_id {
            by_message
                .entry(message)
                .or_default()
                .push(to_attachment(row));
        }
    }
    Ok(by_message)
}

/// A file and its bytes, for a reader who may see its ticket; an upload still waiting for
/// its message only for the agent who made it.
pub async fn open(
    conn: &DatabaseConnection,
    store: &Store,
    actor: &Actor,
    id: Uuid,
) -> Result<(Attachment, Vec<u8>), AppError> {
    policy::require(conn, actor, Action::ViewTickets, "ticket.attachment.open").await?;
    let row = attachment::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|r| r.message_id.is_some() || r.uploaded_by == Some(actor.user.id))
        .ok_or(AppError::NotFound)?;
    // A file is seen with its ticket.
    policy::seen::<ticket::Entity, _>(conn, actor, row.ticket_id).await?;
    let bytes = store.get(&row.storage_key).await?;
    Ok((to_attachment(row), bytes))
}

/// Splits an email's files into those the desk keeps and those it does not, with why: a file
/// that is not a document or picture, too large, or past the tenth.
pub(crate) fn screen(files: &[IncomingFile]) -> (Vec<&IncomingFile>, Vec<(String, Invalid)>) {
    let mut kept = Vec::new();
    let mut refused = Vec::new();
    for file in files {
        let why = match sniff(&file.bytes, &file.name) {
            Ok(_) if kept.len() < MAX_FILES => {
                kept.push(file);
                continue;
            }
            Ok(_) => Invalid::TooLong { max: MAX_FILES },
            Err(why) => why,
        };
        refused.push((file_name(&file.name), why));
    }
    (kept, refused)
}

/// Keeps the files [`screen`] let through on the email's message, on its transaction.
pub(crate) async fn keep_all<C: ConnectionTrait>(
    conn: &C,
    store: &Store,
    ticket: Uuid,
    message: Uuid,
    files: &[&IncomingFile],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for file in files {
        keep(conn, store, ticket, Some(message), None, file, now)
            .await?
            .map_err(|why| AppError::invalid("file", why))?;
    }
    Ok(())
}

/// The files of a public reply, for the mail that carries it: each with its store key.
pub async fn for_mail<C: ConnectionTrait>(
    conn: &C,
    message: Uuid,
) -> Result<Vec<(Attachment, String)>, AppError> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::MessageId.eq(message))
        .order_by_asc(attachment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            let key = row.storage_key.clone();
            (to_attachment(row), key)
        })
        .collect())
}

/// The store keys of every file on a customer's tickets, read before they are erased.
pub(crate) async fn keys_of_contact<C: ConnectionTrait>(
    conn: &C,
    contact: Uuid,
) -> Result<Vec<String>, AppError> {
    let tickets: Vec<Uuid> = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::Id)
        .filter(ticket::Column::ContactId.eq(contact))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(attachment::Entity::find()
        .select_only()
        .column(attachment::Column::StorageKey)
        .filter(attachment::Column::TicketId.is_in(tickets))
        .into_tuple()
        .all(conn)
        .await?)
}

/// What a sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Uploads no reply took.
    pub abandoned: u64,
    /// Files no row names (left by a crash, or by an erased customer's tickets).
    pub orphans: u64,
}

/// Forgets abandoned uploads, and removes files that no row names.
pub async fn sweep(
    conn: &DatabaseConnection,
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Swept, AppError> {
    let mut swept = Swept::default();
    let abandoned = attachment::Entity::find()
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::CreatedAt.lt(now - PENDING_FOR))
        .all(conn)
        .await?;
    for row in abandoned {
        attachment::Entity::delete_by_id(row.id).exec(conn).await?;
        store.remove(&row.storage_key).await?;
        swept.abandoned += 1;
    }
    for (key, written) in store.list().await? {
        if written > now - ORPHAN_AFTER {
            continue;
        }
        let named = attachment::Entity::find()
            .filter(attachment::Column::StorageKey.eq(key.as_str()))
            .count(conn)
            .await?;
        if named == 0 {
            store.remove(&key).await?;
            swept.orphans += 1;
        }
    }
    Ok(swept)
}
