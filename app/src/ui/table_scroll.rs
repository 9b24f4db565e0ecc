//! The frame of a table wider than a phone, scrolled sideways.

use leptos::prelude::*;

/// A wide table's frame. It takes the keyboard's focus, so that whoever cannot swipe scrolls
/// it with the arrow keys, and says what it holds to a screen reader, which announces the
/// region on the way in.
#[component]
pub fn TableScroll(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}
