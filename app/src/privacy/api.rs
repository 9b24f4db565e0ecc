use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;

/// Erases a contact for a data-subject request, once the user typed their name to confirm.
#[server]
pub async fn erase_contact(id: Uuid, confirm: String) -> Result<(), AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::erase(&server.conn, &server.files, &signed, id, &confirm).await?;
    crate::core::context::redirect("/contacts");
    Ok(())
}
