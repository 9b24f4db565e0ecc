use leptos::prelude::*;

use crate::customers::history::views::QuickLog;
use crate::i18n::{fill, use_messages};

/// What a rep does on a contact's page, at its top and staying there on a phone: call them, log
/// a call or a note (the forms further down open and the page goes to them), add a task. After
/// a call from here it offers to log that call.
#[component]
pub fn ActionBar(name: String, phone: Option<String>) -> impl IntoView {
    let t = use_messages();
    let quick = expect_context::<QuickLog>();
    let called = RwSignal::new(false);
    // The browser follows these links itself (`target`): the router would not scroll to them.
    let log_call = move |_| {
        called.set(false);
        quick.call.set(true);
    };
    view! {
        <nav class="contact-bar" aria-label=t.contact_actions data-testid="contact-bar">
            {phone.map(|phone| view! {
                <a class="button" href=format!("tel:{phone}") on:click=move |_| called.set(true)>{t.call}</a>
            })}
            <a class="button secondary" href="#history" target="_self" on:click=log_call>{t.log_call}</a>
            <a class="button secondary" href="#history" target="_self" on:click=move |_| quick.note.set(true)>{t.log_note}</a>
            <a class="button secondary" href="#tasks" target="_self">{t.task_add}</a>
        </nav>
        <Show when=move || called.get()>
            <p class="alert success call-prompt" role="status" data-testid="call-prompt">
                {fill(t.call_log_prompt, &[("name", &name)])} " "
                <a class="button" href="#history" target="_self" on:click=log_call>{t.log_call}</a>
            </p>
        </Show>
    }
}
