use leptos::prelude::*;
use leptos_meta::Title;

use crate::core::settings::types::SettingsForm;
use crate::i18n::{Locale, use_messages};
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::language_switch::LanguageSwitch;
use crate::workspace::api::SetupWorkspace;
use crate::workspace::views::WorkspaceFields;

/// The first screen of a new installation: names the workspace and creates its owner.
#[component]
pub fn SetupPage() -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let setup = ServerAction::<SetupWorkspace>::new();
    let answer = answer_of(setup);
    Effect::new(move |_| {
        if let Some(Ok(())) = answer.get() {
            let _ = window().location().assign("/");
        }
    });
    // Sensible first guesses from the visitor's language; every one can be changed here.
    let (country, time_zone, currency) = match locale {
        Locale::ZhCn => ("CN", "Asia/Shanghai", "CNY"),
        Locale::En => ("US", "America/New_York", "USD"),
    };
    let guesses = SettingsForm {
        country: country.into(),
        time_zone: time_zone.into(),
        base_currency: currency.into(),
        default_locale: locale.tag().into(),
        ..SettingsForm::default()
    };
    view! {
        <Title text=format!("{} · {}", t.setup_title, t.app_name) />
        <main class="public">
            <section class="card narrow">
                <img class="logo" src="/icon.svg" alt="" width="48" height="48" />
                <h1>{t.setup_title}</h1>
                <p class="muted">{t.setup_intro}</p>
                <ActionForm action=setup>
                    <fieldset>
                        <legend>{t.setup_workspace}</legend>
                        <WorkspaceFields values=guesses answer />
                    </fieldset>
                    <fieldset>
                        <legend>{t.setup_owner}</legend>
                        <Field
                            label=t.field_name
                            name="name"
                            required=true
                            autocomplete="name"
                            errors=errors_of(answer, "name")
                        />
                        <Field
                            label=t.field_email
                            name="email"
                            kind="email"
                            required=true
                            autocomplete="username"
                            errors=errors_of(answer, "email")
                        />
                        <Field
                            label=t.field_new_password
                            name="password"
                            kind="password"
                            required=true
                            autocomplete="new-password"
                            errors=errors_of(answer, "password")
                        />
                    </fieldset>
                    <FormAlert answer />
                    <button class="button wide" type="submit" disabled=setup.pending()>
                        {t.setup_submit}
                    </button>
                </ActionForm>
            </section>
            <LanguageSwitch />
        </main>
    }
}
