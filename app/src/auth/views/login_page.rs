use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::Login;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::language_switch::LanguageSwitch;

/// Signing in: a plain form that works before the app has loaded, and on a phone.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_messages();
    let login = ServerAction::<Login>::new();
    let answer = answer_of(login);
    let next = use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    // The cookie is set: load the app afresh, as the signed-in user.
    Effect::new(move |_| {
        if let Some(Ok(next)) = answer.get() {
            let _ = window().location().assign(&next);
        }
    });
    view! {
        <Title text=format!("{} · {}", t.login_title, t.app_name) />
        <main class="public">
            <section class="card narrow">
                <img class="logo" src="/icon.svg" alt="" width="48" height="48" />
                <h1>{t.login_title}</h1>
                <ActionForm action=login>
                    <input type="hidden" name="next" value=next />
                    <Field
                        label=t.field_email
                        name="email"
                        kind="email"
                        autocomplete="username"
                        required=true
                        errors=errors_of(answer, "email")
                    />
                    <Field
                        label=t.field_password
                        name="password"
                        kind="password"
                        autocomplete="current-password"
                        required=true
                        errors=errors_of(answer, "password")
                    />
                    <FormAlert answer />
                    <button class="button wide" type="submit" disabled=login.pending()>
                        {t.login_submit}
                    </button>
                </ActionForm>
            </section>
            <LanguageSwitch />
        </main>
    }
}
