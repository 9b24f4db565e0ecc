use leptos::prelude::*;

use super::SignOut;
use super::sessions_list::SessionsList;
use crate::auth::api::ChangePassword;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
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
            <SessionsList />
        </Page>
    }
}
