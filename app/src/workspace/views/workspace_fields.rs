use leptos::prelude::*;

use crate::core::settings::types::SettingsForm;
use crate::i18n::choices::{COUNTRIES, CURRENCIES, TIME_ZONES, locale_options, options};
use crate::i18n::{Locale, use_messages};
use crate::ui::form::{Answer, Field, Select, errors_of};

/// The workspace's name, country, time zone, currency and language: asked at first-run setup
/// and changed later in Settings.
#[component]
pub fn WorkspaceFields<T: Clone + Send + Sync + 'static>(
    values: SettingsForm,
    answer: Answer<T>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    view! {
        <Field
            label=t.field_company_name
            name="company_name"
            value=values.company_name
            required=true
            autocomplete="organization"
            errors=errors_of(answer, "company_name")
        />
        <Select
            label=t.field_country
            name="country"
            options=options(COUNTRIES, locale)
            selected=values.country
            errors=errors_of(answer, "country")
        />
        <Select
            label=t.field_time_zone
            name="time_zone"
            options=options(TIME_ZONES, locale)
            selected=values.time_zone
            errors=errors_of(answer, "time_zone")
        />
        <Select
            label=t.field_base_currency
            name="base_currency"
            options=options(CURRENCIES, locale)
            selected=values.base_currency
            errors=errors_of(answer, "base_currency")
        />
        <Select
            label=t.field_default_locale
            name="default_locale"
            options=locale_options()
            selected=values.default_locale
            errors=errors_of(answer, "default_locale")
        />
    }
}
