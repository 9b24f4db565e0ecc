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

impl WorkspaceSettings {
    /// The workspace's time zone, in which reports count their days and months.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Tz::UTC)
    }

    /// The form that would save these settings unchanged.
    pub fn form(&self) -> SettingsForm {
        let ticked = |on: bool| on.then(|| "on".to_owned());
        SettingsForm {
            company_name: self.company_name.clone(),
            country: self.country.clone(),
            time_zone: self.time_zone.clone(),
            base_currency: self.base_currency.clone(),
            default_locale: self.default_locale.tag().into(),
            restrict_sales_to_team: ticked(self.restrict_sales_to_team),
            track_campaign_mail: ticked(self.track_campaign_mail),
        }
    }
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
