use leptos::prelude::*;

use crate::auth::types::PasswordLink;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::viewer::use_viewer;

/// A password link ready to hand over, selected whole on a tap so it copies in one go.
#[component]
pub fn LinkBox(link: PasswordLink, name: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let viewer = use_viewer();
    let note = move || {
        let zone = viewer
            .get()
            .and_then(|viewer| viewer.ok().flatten())
            .map(|viewer| viewer.time_zone)
            .unwrap_or_default();
        let until = datetime(link.expires_at, &zone, locale);
        fill(t.link_ready, &[("name", &name), ("date", &until)])
    };
    let select_all = |ev: leptos::ev::FocusEvent| {
        event_target::<leptos::web_sys::HtmlInputElement>(&ev).select();
    };
    view! {
        <div class="link-box" role="status">
            <p>{note}</p>
            <input
                type="text"
                readonly
                aria-label=t.user_link
                value=link.url
                on:focus=select_all
            />
        </div>
    }
}
