use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Assignee, Contact, ContactForm, ContactPage, ContactQuery};
use crate::error::AppError;

/// One page of the contacts list, for the list screen (which also works without JavaScript).
#[server]
pub async fn list_contacts(query: ContactQuery) -> Result<ContactPage, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::list(&conn, &signed, &query).await
}

/// One contact, for its page and its edit form.
#[server]
pub async fn get_contact(id: Uuid) -> Result<Contact, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::get(&conn, &signed, id).await
}

/// Adds a contact and opens its page.
#[server]
pub async fn create_contact(form: ContactForm) -> Result<Contact, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let contact = super::service::create(&conn, &signed, &form).await?;
    crate::core::context::redirect(&format!("/contacts/{}", contact.id));
    Ok(contact)
}

/// Saves an edit of the version the user read; a stale one is a conflict, never an overwrite.
#[server]
pub async fn update_contact(
    id: Uuid,
    version: i32,
    form: ContactForm,
) -> Result<Contact, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let contact = super::service::update(&conn, &signed, id, &form, version).await?;
    crate::core::context::redirect(&format!("/contacts/{id}"));
    Ok(contact)
}

/// Archives a contact, or restores an archived one.
#[server]
pub async fn archive_contact(id: Uuid, version: i32, archived: bool) -> Result<Contact, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let contact = super::service::set_archived(&conn, &signed, id, version, archived).await?;
    crate::core::context::redirect(&format!("/contacts/{id}"));
    Ok(contact)
}

/// The people a contact can be assigned to.
#[server]
pub async fn list_assignees() -> Result<Vec<Assignee>, AppError> {
    crate::customers::service::assignees(&crate::core::context::conn()?).await
}
