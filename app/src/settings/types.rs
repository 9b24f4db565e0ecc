use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    pub company_name: String,
    pub country: String,
    pub time_zone: String,
    pub base_currency: String,
    pub default_locale: Locale,
    pub restrict_sales_to_team: bool,
    /// Campaign mail leads its links through the click tracker and carries the open pixel.
    pub track_campaign_mail: bool,
    pub version: i32,
}

/// The settings form as posted; a checkbox sends a value only when ticked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub company_name: String,
    pub country: String,
    pub time_zone: String,
    pub base_currency: String,
    pub default_locale: String,
    #[serde(default)]
    pub restrict_sales_to_team: Option<String>,
    #[serde(default)]
    pub track_campaign_mail: Option<String>,
}

/// One exchange rate as the settings screen lists it: one unit of `currency` is `rate` units
/// of the base currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub currency: String,
    pub rate: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
