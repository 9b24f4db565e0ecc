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

/// What went wrong, each reason once (a page whose requests all failed for want of a network
/// says so once, not once per request). A page the network failed offers to try again, and
/// tries by itself when the network comes back and the server answers.
#[component]
fn PageErrors(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let t = use_messages();
    let retry = {
        let errors = errors.clone();
        move || {
            errors.with(unreachable).then(|| {
                view! {
                    <button type="button" class="button secondary" on:click=|_| reload()>
                        {t.offline_retry}
                    </button>
                }
            })
        }
    };
    // Only a browser listens: rendered on the server (a page of a missing record), this box
    // has no window, and Leptos cannot always tell it is on the server here.
    #[cfg(feature = "hydrate")]
    {
        let errors = errors.clone();
        let back_online = window_event_listener(leptos::ev::online, move |_| {
            if errors.with_untracked(unreachable) {
                leptos::task::spawn_local(reload_when_reachable());
            }
        });
        on_cleanup(move || back_online.remove());
    }
    let messages = move || {
        let mut said: Vec<String> = Vec::new();
        for (_, err) in errors.get() {
            let message = match err.downcast_ref::<AppError>() {
                Some(app_err) => t.error(app_err),
                None => t.error_internal.to_owned(),
            };
            if !said.contains(&message) {
                said.push(message);
            }
        }
        said.into_iter()
            .map(|message| view! { <p>{message}</p> })
            .collect_view()
    };
    view! {
        <div class="alert error" role="alert" data-testid="page-error">
            <strong>{t.page_error_title}</strong>
            {messages}
            {retry}
        </div>
    }
}

fn unreachable(errors: &Errors) -> bool {
    errors
        .iter()
        .any(|(_, err)| matches!(err.downcast_ref(), Some(AppError::Transport(_))))
}

/// Loads the page again: the files come from the worker's cache, the data afresh.
fn reload() {
    let _ = window().location().reload();
}

/// Loads the page again once the server answers. A phone says "online" as soon as it has a
/// network, which may not reach the server yet: ask every two seconds, for a minute.
#[cfg(feature = "hydrate")]
async fn reload_when_reachable() {
    for _ in 0..30 {
        let answer = gloo_net::http::Request::get("/healthz").send().await;
        if answer.is_ok_and(|a| a.ok()) {
            return reload();
        }
        let two_seconds = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 2_000);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(two_seconds).await;
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
