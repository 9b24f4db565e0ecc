use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::Login;
use crate::auth::two_factor::types::{Enrolment, LoginStep};
use crate::auth::two_factor::views::{CodeStep, EnrolStep};
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::language_switch::LanguageSwitch;

/// Which step of signing in the page is at.
#[derive(Clone, PartialEq)]
enum Stage {
    Password,
    Code(String),
    Enrol(Enrolment),
}

/// Signing in: a plain form that works before the app has loaded, and on a phone; then, for
/// whoever uses a second factor, its code.
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
        if let Some(Ok(LoginStep::Done(next))) = answer.get() {
            let _ = window().location().assign(&next);
        }
    });
    // A memo, so that a refused password leaves the form (and what was typed) in place.
    let stage = Memo::new(move |_| match answer.get() {
        Some(Ok(LoginStep::Code(ticket))) => Stage::Code(ticket),
        Some(Ok(LoginStep::Enrol(enrolment))) => Stage::Enrol(enrolment),
        _ => Stage::Password,
    });
    let next_of_form = next.clone();
    let password_form = view! {
        <div hidden=move || stage.get() != Stage::Password>
        <h1>{t.login_title}</h1>
        <ActionForm action=login>
            <input type="hidden" name="next" value=next_of_form />
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
        </div>
    };
    view! {
        <Title text=format!("{} · {}", t.login_title, t.app_name) />
        <main class="public">
            <section class="card narrow">
                <img class="logo" src="/icon.svg" alt="" width="48" height="48" />
                {password_form}
                {move || {
                    let next = next.clone();
                    match stage.get() {
                        Stage::Password => None,
                        Stage::Code(ticket) => Some(view! { <CodeStep ticket next /> }.into_any()),
                        Stage::Enrol(enrolment) => {
                            Some(view! { <EnrolStep enrolment next /> }.into_any())
                        }
                    }
                }}
            </section>
            <LanguageSwitch />
        </main>
    }
}
