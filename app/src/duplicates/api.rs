use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Duplicates, MergeForm, MergeRecord};
use crate::customers::types::Contact;
use crate::error::AppError;

/// A fixed address, so that the benchmark can time the scan.
#[server(endpoint = "find_duplicates")]
pub async fn find_duplicates() -> Result<Duplicates, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::find(&conn, &signed).await
}

/// The contacts to merge, as the merge screen compares them.
#[server]
pub async fn merge_candidates(ids: Vec<Uuid>) -> Result<Vec<Contact>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    crate::core::policy::require(
        &conn,
        &signed,
        crate::core::policy::Action::MergeCustomers,
        "contact.merge",
    )
    .await?;
    let mut contacts = Vec::with_capacity(ids.len());
    for id in ids.into_iter().take(10) {
        contacts.push(crate::customers::service::get(&conn, &signed, id).await?);
    }
    Ok(contacts)
}

/// Merges contacts into one and opens the survivor's page.
#[server]
pub async fn merge_contacts(form: MergeForm) -> Result<Contact, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let survivor = super::merge::merge(&conn, &signed, &form, chrono::Utc::now()).await?;
    crate::core::context::redirect(&format!("/contacts/{}", survivor.id));
    Ok(survivor)
}

#[server]
pub async fn undo_merge(id: Uuid) -> Result<Contact, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let survivor = super::merge::undo(&conn, &signed, id, chrono::Utc::now()).await?;
    crate::core::context::redirect_form_post(&format!("/contacts/{}", survivor.id));
    Ok(survivor)
}

#[server]
pub async fn list_merges(contact_id: Uuid) -> Result<Vec<MergeRecord>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::merge::merges_of(&conn, &signed, contact_id).await
}
