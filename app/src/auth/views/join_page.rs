use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{AcceptPasswordLink, get_link_holder};
use crate::error::AppError;
use crate::i18n::{fill, use_messages};
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::language_switch::LanguageSwitch;
use crate::ui::loading::Loading;

/// Where a password link lands: the invited teammate (or one who forgot their password)
/// chooses a password and is signed in. Works before the app has loaded, and on a phone.
#[component]
pub fn JoinPage() -> impl IntoView {
    let t = use_messages();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    let accept = ServerAction::<AcceptPasswordLink>::new();
    let answer = answer_of(accept);
    let holder = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        get_link_holder,
    );
    // The cookie is set: load the app afresh, as the new user.
    Effect::new(move |_| {
        if let Some(Ok(())) = answer.get() {
            let _ = window().location().assign("/");
        }
    });
    let link_errors = errors_of(answer, "token");
    view! {
        <Title text=format!("{} · {}", t.join_title, t.app_name) />
        <main class="public">
            <section class="card narrow">
                <img class="logo" src="/icon.svg" alt="" width="48" height="48" />
                <h1>{t.join_title}</h1>
                <Loading>
                    {move || {
                        let token = token.clone();
                        Suspend::new(async move {
                        match holder.await {
                            Ok(holder) => {
                                let greeting = fill(
                                    t.join_greeting,
                                    &[("name", &holder.name), ("email", &holder.email)],
                                );
                                view! {
                                    <p>{greeting}</p>
                                    <ActionForm action=accept>
                                        <input type="hidden" name="token" value=token.clone() />
                                        <input
                                            type="hidden"
                                            name="email"
                                            autocomplete="username"
                                            value=holder.email
                                        />
                                        <Field
                                            label=t.field_new_password
                                            name="password"
                                            kind="password"
                                            autocomplete="new-password"
                                            required=true
                                            errors=errors_of(answer, "password")
                                        />
                                        <Show when=move || !link_errors.get().is_empty()>
                                            <div class="alert error" role="alert">
                                                {move || link_errors.get().join(" ")}
                                            </div>
                                        </Show>
                                        <FormAlert answer />
                                        <button
                                            class="button wide"
                                            type="submit"
                                            disabled=accept.pending()
                                        >
                                            {t.join_submit}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            Err(AppError::Validation(_)) => {
                                view! { <p class="alert error" role="alert">{t.invalid_link}</p> }
                                    .into_any()
                            }
                            Err(err) => {
                                view! { <p class="alert error" role="alert">{t.error(&err)}</p> }
                                    .into_any()
                            }
                        }
                    })
                    }}
                </Loading>
            </section>
            <LanguageSwitch />
        </main>
    }
}
