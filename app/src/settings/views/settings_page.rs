use leptos::prelude::*;

use crate::i18n::choices::{COUNTRIES, CURRENCIES, TIME_ZONES, locale_options, options};
use crate::i18n::{Locale, use_messages};
use crate::settings::api::{UpdateSettings, get_settings};
use crate::settings::types::WorkspaceSettings;
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::page::Page;
use crate::ui::toast::use_toasts;

/// The owner's settings of the workspace.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let t = use_messages();
    let update = ServerAction::<UpdateSettings>::new();
    let settings = Resource::new(move || update.version().get(), |_| get_settings());
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let Some(Ok(_)) = update.value().get() {
            toasts.show(t.saved);
        }
    });
    view! {
        <Page title=t.settings_title>
            <section class="card">
                <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
                    {move || Suspend::new(async move {
                        settings.await.map(|settings| view! { <SettingsForm settings update /> })
                    })}
                </Transition>
            </section>
        </Page>
    }
}

#[component]
fn SettingsForm(
    settings: WorkspaceSettings,
    update: ServerAction<UpdateSettings>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let answer = answer_of(update);
    view! {
        <ActionForm action=update>
            <input type="hidden" name="version" value=settings.version.to_string() />
            <Field
                label=t.field_company_name
                name="company_name"
                value=settings.company_name
                required=true
                errors=errors_of(answer, "company_name")
            />
            <Select
                label=t.field_country
                name="country"
                options=options(COUNTRIES, locale)
                selected=settings.country
                errors=errors_of(answer, "country")
            />
            <Select
                label=t.field_time_zone
                name="time_zone"
                options=options(TIME_ZONES, locale)
                selected=settings.time_zone
                errors=errors_of(answer, "time_zone")
            />
            <Select
                label=t.field_base_currency
                name="base_currency"
                options=options(CURRENCIES, locale)
                selected=settings.base_currency
                errors=errors_of(answer, "base_currency")
            />
            <Select
                label=t.field_default_locale
                name="default_locale"
                options=locale_options()
                selected=settings.default_locale.tag()
                errors=errors_of(answer, "default_locale")
            />
            <label class="check">
                <input
                    type="checkbox"
                    name="restrict_sales_to_team"
                    value="on"
                    checked=settings.restrict_sales_to_team
                />
                <span>{t.field_restrict_sales}</span>
            </label>
            <FormAlert answer />
            <button class="button" type="submit" disabled=update.pending()>
                {t.save}
            </button>
        </ActionForm>
    }
}
