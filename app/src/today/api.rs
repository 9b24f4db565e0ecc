use leptos::prelude::*;

use super::types::Today;
use crate::error::AppError;

/// The signed-in user's Today.
#[server(endpoint = "get_today")]
pub async fn get_today() -> Result<Today, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::today(&conn, &signed, chrono::Utc::now()).await
}
