use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::use_messages;

/// The analytics pages, one tab each.
#[component]
pub fn AnalyticsTabs() -> impl IntoView {
    let t = use_messages();
    let path = use_location().pathname;
    let tab = move |href: &'static str, label: &'static str| {
        let here = move || (path.get() == href).then_some("page");
        view! { <a class="tab" href=href aria-current=here>{label}</a> }
    };
    view! {
        <nav class="tabs" aria-label=t.analytics_pages>
            {tab("/analytics", t.value_title)}
            {tab("/analytics/segments", t.segments_title)}
            {tab("/segments", t.saved_segments_title)}
        </nav>
    }
}
