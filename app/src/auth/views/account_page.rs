use leptos::prelude::*;

use super::SignOut;
use super::sessions_list::SessionsList;
use crate::auth::api::{ChangePassword, SetDigestHour, get_digest_hour};
use crate::auth::tokens::views::TokensCard;
use crate::auth::two_factor::views::TwoFactorCard;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::language_switch::LanguageSwitch;
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;
use crate::ui::viewer::use_viewer;

/// The signed-in user's own corner: who they are, their language, password and devices.
#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_messages();
    let viewer = use_viewer();
    let change = ServerAction::<ChangePassword>::new();
    let answer = answer_of(change);
    toast_successes(change, move |_| t.password_changed.to_owned());
    view! {
        <Page title=t.account_title>
            <section class="card">
                <Loading>
                    {move || Suspend::new(async move {
                        viewer
                            .await
                            .map(|viewer| {
                                viewer
                                    .map(|v| {
                                        view! {
                                            <dl class="facts">
                                                <dt>{t.field_name}</dt>
                                                <dd>{v.user.name}</dd>
                                                <dt>{t.field_email}</dt>
                                                <dd>{v.user.email}</dd>
                                                <dt>{t.field_role}</dt>
                                                <dd>{t.role(v.user.role)}</dd>
                                            </dl>
                                        }
                                    })
                            })
                    })}
                </Loading>
                <h2>{t.field_language}</h2>
                <LanguageSwitch />
                <SignOut />
            </section>
            <section class="card">
                <h2>{t.change_password_title}</h2>
                <ActionForm action=change>
                    <Field
                        label=t.field_current_password
                        name="current_password"
                        kind="password"
                        autocomplete="current-password"
                        required=true
                        errors=errors_of(answer, "current_password")
                    />
                    <Field
                        label=t.field_new_password
                        name="new_password"
                        kind="password"
                        autocomplete="new-password"
                        required=true
                        errors=errors_of(answer, "new_password")
                    />
                    <FormAlert answer />
                    <button class="button" type="submit" disabled=change.pending()>
                        {t.change_password_submit}
                    </button>
                </ActionForm>
            </section>
            <TwoFactorCard />
            <DigestForm />
            <SessionsList />
            <TokensCard />
        </Page>
    }
}

/// When the daily digest of overdue tasks and stalled deals comes, or that it does not.
#[component]
fn DigestForm() -> impl IntoView {
    let t = use_messages();
    let set = ServerAction::<SetDigestHour>::new();
    let answer = answer_of(set);
    let hour = Resource::new(|| (), |_| get_digest_hour());
    toast_successes(set, move |_| t.saved.to_owned());
    let options = std::iter::once((String::new(), t.digest_off.to_owned()))
        .chain((0..24).map(|h| (h.to_string(), format!("{h:02}:00"))))
        .collect::<Vec<_>>();
    view! {
        <section class="card" data-testid="digest">
            <h2>{t.digest_title}</h2>
            <p class="muted">{t.digest_hint}</p>
            <Loading>
                {move || {
                    let options = options.clone();
                    Suspend::new(async move {
                        hour.await.map(|hour| {
                            let selected = hour.map(|h| h.to_string()).unwrap_or_default();
                            view! {
                                <ActionForm action=set>
                                    <Select label=t.digest_hour name="hour" options selected errors=errors_of(answer, "hour") />
                                    <FormAlert answer />
                                    <button class="button" type="submit" disabled=set.pending()>{t.save}</button>
                                </ActionForm>
                            }
                        })
                    })
                }}
            </Loading>
        </section>
    }
}
