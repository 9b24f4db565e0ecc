use leptos::prelude::*;

use super::types::{ExchangeRate, WorkspaceSettings};
use crate::error::AppError;

/// The workspace's settings, for the owner's settings screen.
#[server]
pub async fn get_settings() -> Result<WorkspaceSettings, AppError> {
    let conn = crate::context::conn()?;
    super::service::get(&conn).await?.ok_or(AppError::NotFound)
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
    let form = super::types::SettingsForm {
        company_name,
        country,
        time_zone,
        base_currency,
        default_locale,
        restrict_sales_to_team,
        track_campaign_mail,
    };
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::service::update(&conn, &signed, &form, version).await
}

/// The exchange rates into the base currency, for the settings screen.
#[server]
pub async fn list_rates() -> Result<Vec<ExchangeRate>, AppError> {
    crate::context::signed()?;
    super::rates::list(&crate::context::conn()?).await
}

/// Sets the rate of one currency into the base currency.
#[server]
pub async fn save_rate(currency: String, rate: String) -> Result<(), AppError> {
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::rates::save(&conn, &signed, &currency, &rate).await
}

/// Forgets the rate of one currency.
#[server]
pub async fn remove_rate(currency: String) -> Result<(), AppError> {
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::rates::remove(&conn, &signed, &currency).await
}
