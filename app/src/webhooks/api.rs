//! The server functions of the webhooks page.

use std::collections::BTreeMap;

use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::types::WebhookForm;
use super::types::{CreatedWebhook, Delivery, Webhook};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

#[server]
pub async fn list_webhooks() -> Result<Vec<Webhook>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?).await
}

/// A new subscription; `topics` are the ticked boxes (`topics[order.created]=on`).
#[server]
pub async fn create_webhook(
    url: String,
    description: String,
    topics: Option<BTreeMap<String, String>>,
    allow_private: Option<String>,
) -> Result<CreatedWebhook, AppError> {
    let form = WebhookForm {
        url,
        description,
        topics: topics.unwrap_or_default().into_keys().collect(),
        allow_private: allow_private.is_some(),
    };
    let server = context::server()?;
    let actor = context::actor()?;
    let now = chrono::Utc::now();
    super::service::create(&server.conn, &actor, &server.key, &form, now).await
}

/// Pauses (`active` false) or resumes a subscription, at the version the page showed.
#[server]
pub async fn set_webhook_active(id: Uuid, active: bool, version: i32) -> Result<Webhook, AppError> {
    let now = chrono::Utc::now();
    super::service::set_active(
        &context::conn()?,
        &context::actor()?,
        id,
        active,
        version,
        now,
    )
    .await
}

#[server]
pub async fn delete_webhook(id: Uuid) -> Result<(), AppError> {
    super::service::delete(&context::conn()?, &context::actor()?, id).await
}

#[server]
pub async fn webhook_deliveries(id: Uuid) -> Result<Vec<Delivery>, AppError> {
    super::service::deliveries(&context::conn()?, &context::actor()?, id).await
}

#[server]
pub async fn send_delivery_again(id: Uuid) -> Result<Delivery, AppError> {
    let now = chrono::Utc::now();
    super::service::send_again(&context::conn()?, &context::actor()?, id, now).await
}
