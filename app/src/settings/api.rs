use leptos::prelude::*;

use super::types::WorkspaceSettings;
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
    version: i32,
) -> Result<WorkspaceSettings, AppError> {
    let form = super::types::SettingsForm {
        company_name,
        country,
        time_zone,
        base_currency,
        default_locale,
        restrict_sales_to_team,
    };
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::service::update(&conn, &signed, &form, version).await
}
