//! The server functions of first-run setup and of the owner's settings page.

use leptos::prelude::*;

use super::types::SetupState;
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::core::settings::types::{ExchangeRate, WorkspaceSettings};
use crate::error::AppError;

/// The workspace's settings, for the owner's settings screen.
#[server]
pub async fn get_settings() -> Result<WorkspaceSettings, AppError> {
    let conn = context::conn()?;
    crate::core::settings::service::get(&conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Saves the owner's changes to the workspace's settings.
#[server]
pub async fn update_settings(
    company_name: String,
    country: String,
    time_zone: String,
    base_currency: String,
    default_locale: String,
    restrict_sales_to_team: Option<String>,
    track_campaign_mail: Option<String>,
    version: i32,
) -> Result<WorkspaceSettings, AppError> {
    let form = crate::core::settings::types::SettingsForm {
        company_name,
        country,
        time_zone,
        base_currency,
        default_locale,
        restrict_sales_to_team,
        track_campaign_mail,
    };
    let (conn, signed) = (context::conn()?, context::actor()?);
    crate::core::settings::service::update(&conn, &signed, &form, version).await
}

/// The exchange rates into the base currency, for the settings screen.
#[server]
pub async fn list_rates() -> Result<Vec<ExchangeRate>, AppError> {
    context::actor()?;
    crate::core::settings::rates::list(&context::conn()?).await
}

/// Sets the rate of one currency into the base currency.
#[server]
pub async fn save_rate(currency: String, rate: String) -> Result<(), AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    crate::core::settings::rates::save(&conn, &signed, &currency, &rate).await
}

/// Forgets the rate of one currency.
#[server]
pub async fn remove_rate(currency: String) -> Result<(), AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    crate::core::settings::rates::remove(&conn, &signed, &currency).await
}

/// Lets the first-run screen know whether it is still needed.
#[server]
pub async fn get_setup_state() -> Result<SetupState, AppError> {
    super::service::setup_state(&context::conn()?).await
}

/// Creates the workspace and its owner on a new installation, and signs the owner in.
#[server]
pub async fn setup_workspace(
    company_name: String,
    country: String,
    time_zone: String,
    base_currency: String,
    default_locale: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let server = context::server()?;
    let form = super::types::SetupForm {
        company_name,
        country,
        time_zone,
        base_currency,
        default_locale,
        name,
        email,
        password,
    };
    let (_, token) = super::service::setup(
        &server.conn,
        form,
        crate::auth::session::this_device(server.secure_cookies)?,
        chrono::Utc::now(),
    )
    .await?;
    context::set_cookie(&crate::auth::session::cookie(&token, server.secure_cookies));
    Ok(())
}
