use leptos::prelude::*;

use crate::i18n::use_messages;
use crate::ui::page::Page;

/// Any unknown address: says so in words, and answers 404 to machines.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_messages();
    view! {
        <Page title=t.not_found_title>
            <p>{t.not_found_body}</p>
            <p>
                <a href="/">{t.back_home}</a>
            </p>
        </Page>
    }
}
