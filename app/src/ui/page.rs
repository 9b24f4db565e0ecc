use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::{Messages, use_messages};
use crate::ui::language_switch::LanguageSwitch;

/// One screen: its title in the tab and as the heading, and an error boundary so that a failure
/// on this screen says what went wrong without taking the rest of the app down.
#[component]
pub fn Page(title: &'static str, children: Children) -> impl IntoView {
    let t = use_messages();
    view! {
        <Title text=format!("{title} · {}", t.app_name) />
        <h1 class="page-title">{title}</h1>
        <ErrorBoundary fallback=|errors| view! { <PageErrors errors /> }>{children()}</ErrorBoundary>
    }
}

#[component]
fn PageErrors(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let t = use_messages();
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, err)| match err.downcast_ref::<AppError>() {
                Some(app_err) => t.error(app_err),
                None => t.error_internal.to_owned(),
            })
            .map(|message| view! { <p>{message}</p> })
            .collect_view()
    };
    view! {
        <div class="alert error" role="alert">
            <strong>{t.page_error_title}</strong>
            {messages}
        </div>
    }
}

/// A page for someone holding a link from an email, without an account (a rating, an
/// unsubscribe): one card, sized for a phone, with the language switch under it.
#[component]
pub fn PublicPage(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    let t = use_messages();
    view! {
        <Title text=format!("{title} · {}", t.app_name) />
        <main class="public">
            <section class="card narrow" data-testid=testid>
                <h1>{title}</h1>
                {children()}
            </section>
            <LanguageSwitch />
        </main>
    }
}

/// Why a link's page cannot be shown: `invalid` for a link that is malformed, forged or
/// leads nowhere any more, else the error in words.
pub fn link_failure(t: &'static Messages, err: &AppError, invalid: &'static str) -> AnyView {
    let message = match err {
        AppError::Validation(_) => invalid.to_owned(),
        err => t.error(err),
    };
    view! { <p class="alert error" role="alert">{message}</p> }.into_any()
}
