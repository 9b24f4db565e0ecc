use leptos::prelude::*;

use super::{ExchangeRates, WorkspaceFields};
use crate::core::settings::types::WorkspaceSettings;
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of, successes};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;
use crate::web_forms::views::WebFormsSettings;
use crate::workspace::api::{UpdateSettings, get_settings};

/// The owner's settings of the workspace; `children` are the cards of the features that come
/// after this one (backups).
#[component]
pub fn SettingsPage(children: Children) -> impl IntoView {
    let t = use_messages();
    let update = ServerAction::<UpdateSettings>::new();
    let updated = successes(update);
    let settings = Resource::new(move || updated.get(), |_| get_settings());
    toast_successes(update, move |_| t.saved.to_owned());
    view! {
        <Page title=t.settings_title>
            <section class="card">
                <Loading>
                    {move || Suspend::new(async move {
                        settings.await.map(|settings| {
                            let base_currency = settings.base_currency.clone();
                            view! {
                                <SettingsForm settings update />
                                <ExchangeRates base_currency />
                            }
                        })
                    })}
                </Loading>
            </section>
            <WebFormsSettings />
            {children()}
            <p class="card"><a href="/settings/webhooks">{t.settings_webhooks}</a></p>
            <p class="card"><a href="/settings/status">{t.settings_status}</a></p>
        </Page>
    }
}

#[component]
fn SettingsForm(
    settings: WorkspaceSettings,
    update: ServerAction<UpdateSettings>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(update);
    let values = settings.form();
    view! {
        <ActionForm action=update>
            <input type="hidden" name="version" value=settings.version.to_string() />
            <WorkspaceFields values answer />
            <label class="check">
                <input
                    type="checkbox"
                    name="restrict_sales_to_team"
                    value="on"
                    checked=settings.restrict_sales_to_team
                />
                <span>{t.field_restrict_sales}</span>
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    name="track_campaign_mail"
                    value="on"
                    checked=settings.track_campaign_mail
                />
                <span>{t.field_track_campaign_mail}</span>
            </label>
            <FormAlert answer />
            <button class="button" type="submit" disabled=update.pending()>
                {t.save}
            </button>
        </ActionForm>
    }
}
