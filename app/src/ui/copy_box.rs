//! A value to hand over once (a password link, an API token, a webhook's secret), selected
//! whole on a tap so that it copies in one go, with a sentence that says what it is.

use leptos::prelude::*;

#[component]
pub fn CopyBox(
    #[prop(into)] note: Signal<String>,
    label: &'static str,
    value: String,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let select_all = |ev: leptos::ev::FocusEvent| {
        event_target::<leptos::web_sys::HtmlInputElement>(&ev).select();
    };
    view! {
        <div class="link-box" role="status" data-testid=testid>
            <p>{note}</p>
            <input type="text" readonly aria-label=label value=value on:focus=select_all />
        </div>
    }
}
