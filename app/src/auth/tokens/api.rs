//! The server functions of API tokens, for their maker's account page.

use std::collections::BTreeMap;

use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::types::TokenForm;
use super::types::{ApiToken, CreatedToken};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

#[server]
pub async fn list_tokens() -> Result<Vec<ApiToken>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?).await
}

/// A new token; `scopes` maps each area to `read` or `write` (an area left empty is out).
#[server]
pub async fn create_token(
    name: String,
    scopes: Option<BTreeMap<String, String>>,
    expires_days: String,
) -> Result<CreatedToken, AppError> {
    let scopes = scopes
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, access)| !access.is_empty())
        .map(|(area, access)| format!("{area}:{access}"))
        .collect();
    let form = TokenForm {
        name,
        scopes,
        expires_days,
    };
    let now = chrono::Utc::now();
    super::service::create(&context::conn()?, &context::actor()?, &form, now).await
}

#[server]
pub async fn revoke_token(id: Uuid) -> Result<(), AppError> {
    super::service::revoke(&context::conn()?, &context::actor()?, id).await
}
