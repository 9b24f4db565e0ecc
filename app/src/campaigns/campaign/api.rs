use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Campaign, CampaignForm, CampaignLine, Command, Preview, Report, Subscription};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// Every campaign, newest first, with how far its sending got.
#[server]
pub async fn list_campaigns() -> Result<Vec<CampaignLine>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?).await
}

#[server]
pub async fn get_campaign(id: Uuid) -> Result<Campaign, AppError> {
    super::service::get(&context::conn()?, &context::actor()?, id).await
}

/// Saves a new draft or the edit of one; the editor then shows the saved campaign.
#[server]
pub async fn save_campaign(form: CampaignForm) -> Result<Campaign, AppError> {
    let saved = super::service::save(
        &context::conn()?,
        &context::actor()?,
        &form,
        chrono::Utc::now(),
    )
    .await?;
    if form.id.is_empty() {
        context::redirect(&format!("/campaigns/{}", saved.id));
    }
    Ok(saved)
}

/// Schedules (now, or at `at` in the user's time zone), takes back, pauses, resumes or
/// cancels a campaign.
#[server]
pub async fn change_campaign(
    id: Uuid,
    version: i32,
    command: Command,
    at: String,
) -> Result<Campaign, AppError> {
    super::service::change(
        &context::conn()?,
        &context::actor()?,
        id,
        version,
        command,
        &at,
        chrono::Utc::now(),
    )
    .await
}

/// The contacts the preview may show the campaign as.
#[server]
pub async fn campaign_sample(id: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    super::service::sample(&context::conn()?, &context::actor()?, id).await
}

/// The campaign as one recipient would get it.
#[server]
pub async fn preview_campaign(id: Uuid, contact: Option<Uuid>) -> Result<Preview, AppError> {
    let server = context::server()?;
    let actor = context::actor()?;
    super::service::preview(&server.conn, &actor, &server.public_url, id, contact).await
}

/// Mails the user the campaign as one recipient would get it.
#[server]
pub async fn test_send_campaign(id: Uuid, contact: Option<Uuid>) -> Result<(), AppError> {
    super::service::test_send(&context::conn()?, &context::actor()?, id, contact).await
}

/// How the campaign did, with conversions counted within `days` of each message.
#[server]
pub async fn campaign_report(id: Uuid, days: u32) -> Result<Report, AppError> {
    super::service::report::report(&context::conn()?, &context::actor()?, id, days).await
}

/// Sets what the campaign cost (empty forgets it), for its return.
#[server]
pub async fn set_campaign_cost(id: Uuid, version: i32, cost: String) -> Result<(), AppError> {
    let (conn, actor) = (context::conn()?, context::actor()?);
    let now = chrono::Utc::now();
    super::service::report::set_cost(&conn, &actor, id, version, &cost, now).await
}

/// What a recipient's unsubscribe link does: opening it opts them out at once (`subscribed`
/// false), and the page's button takes that back.
#[server]
pub async fn set_subscription(token: String, subscribed: bool) -> Result<Subscription, AppError> {
    let server = context::server()?;
    let now = chrono::Utc::now();
    super::service::unsubscribe::set(&server.conn, &server.key, &token, subscribed, now).await
}
