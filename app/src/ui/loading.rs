use leptos::prelude::*;

use crate::i18n::use_messages;

/// What a screen shows while its data is on the way: the last answer stays until the next
/// arrives (a `Transition`), and "Loading…" the first time. The children are built once,
/// inside the `Transition`, and keep their own type.
#[component]
pub fn Loading<C>(children: TypedChildren<C>) -> impl IntoView
where
    C: IntoView + Send + 'static,
{
    let t = use_messages();
    let children = children.into_inner();
    view! {
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {children()}
        </Transition>
    }
}
