//! A button that unfolds a small form in place (log a call, add an order) and folds it away
//! once saved. It is a `<details>`, so it opens without JavaScript too.

use leptos::html;
use leptos::prelude::*;

use crate::ui::form::Answer;

#[component]
pub fn Fold(
    label: &'static str,
    #[prop(into)] testid: String,
    open: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    let toggled = move |ev: leptos::ev::Event| {
        open.set(event_target::<leptos::web_sys::HtmlDetailsElement>(&ev).open());
    };
    view! {
        <details class="fold" data-testid=testid prop:open=open on:toggle=toggled>
            <summary class="button secondary">{label}</summary>
            {children()}
        </details>
    }
}

/// After every successful answer: fold the form away, empty it for the next one, and `then`.
pub fn fold_when_saved<T: Clone + Send + Sync + 'static>(
    answer: Answer<T>,
    open: RwSignal<bool>,
    form: NodeRef<html::Form>,
    then: impl Fn() + 'static,
) {
    Effect::new(move |_| {
        if let Some(Ok(_)) = answer.get() {
            open.set(false);
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
            then();
        }
    });
}
