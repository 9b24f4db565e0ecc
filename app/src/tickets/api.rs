use leptos::prelude::*;
use uuid::Uuid;

use super::types::{
    BulkChange, BulkOutcome, CannedForm, CannedReply, Inbox, InboxQuery, NewTicket, ReplyForm,
    Thread, Ticket, TicketPatch, TicketRow, ViewCounts,
};
use crate::customers::types::Assignee;
use crate::error::AppError;

/// One page of an inbox view.
#[server]
pub async fn get_inbox(query: InboxQuery) -> Result<Inbox, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::inbox(&conn, &signed, &query, chrono::Utc::now()).await
}

/// How many tickets each view holds, for the tabs.
#[server]
pub async fn inbox_counts() -> Result<ViewCounts, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::counts(&conn, &signed, chrono::Utc::now()).await
}

/// A ticket with its thread; opening it marks it read.
#[server]
pub async fn get_ticket(id: Uuid) -> Result<Thread, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::thread(&conn, &signed, id, chrono::Utc::now()).await
}

/// Opens a ticket for a customer who called or came by, then shows it.
#[server]
pub async fn create_ticket(form: NewTicket) -> Result<Ticket, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let ticket = super::service::create(&conn, &signed, &form, chrono::Utc::now()).await?;
    crate::core::context::redirect(&format!("/tickets/{}", ticket.id));
    Ok(ticket)
}

/// Answers the customer or notes something for colleagues.
#[server]
pub async fn reply_ticket(id: Uuid, version: i32, form: ReplyForm) -> Result<Thread, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::reply(&conn, &signed, id, version, &form, chrono::Utc::now()).await
}

/// Changes a ticket's status, priority, assignee or tags.
#[server]
pub async fn update_ticket(id: Uuid, version: i32, patch: TicketPatch) -> Result<Ticket, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::update(&conn, &signed, id, version, &patch, chrono::Utc::now()).await
}

/// Assigns, sets the status or the priority of the tickets picked in the inbox.
#[server]
pub async fn bulk_update_tickets(form: BulkChange) -> Result<BulkOutcome, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::bulk(&conn, &signed, &form, chrono::Utc::now()).await
}

/// A customer's tickets, for their page.
#[server]
pub async fn contact_tickets(contact_id: Uuid) -> Result<Vec<TicketRow>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::of_contact(&conn, &signed, contact_id).await
}

/// The people a ticket can be given to.
#[server]
pub async fn ticket_agents() -> Result<Vec<Assignee>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::agents(&conn, &signed).await
}

#[server]
pub async fn list_canned() -> Result<Vec<CannedReply>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::canned::list(&conn, &signed).await
}

/// Keeps an answer for the whole desk to reuse.
#[server]
pub async fn save_canned(form: CannedForm) -> Result<CannedReply, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::canned::create(&conn, &signed, &form, chrono::Utc::now()).await
}

#[server]
pub async fn remove_canned(id: Uuid) -> Result<(), AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::canned::remove(&conn, &signed, id).await
}
