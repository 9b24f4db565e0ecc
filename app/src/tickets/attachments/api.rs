use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;

/// Takes a file the agent uploaded back out of the reply they are writing.
#[server]
pub async fn discard_attachment(id: Uuid) -> Result<(), AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::discard(&server.conn, &server.files, &signed, id).await
}
