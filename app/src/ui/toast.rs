//! Short confirmations ("Saved") that fade after a few seconds.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;
use crate::i18n::use_messages;

/// A confirmation, with what takes it back where it can be taken back.
#[derive(Clone)]
struct Toast {
    id: u64,
    message: String,
    undo: Option<Arc<dyn Fn() + Send + Sync>>,
}

#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<Toast>>);

impl Toasts {
    pub fn show(self, message: impl Into<String>) {
        self.push(message.into(), None, Duration::from_secs(4));
    }

    /// A confirmation with an "Undo" button, up long enough for a thumb to reach it.
    pub fn show_undoable(
        self,
        message: impl Into<String>,
        undo: impl Fn() + Send + Sync + 'static,
    ) {
        self.push(message.into(), Some(Arc::new(undo)), Duration::from_secs(8));
    }

    fn push(self, message: String, undo: Option<Arc<dyn Fn() + Send + Sync>>, up: Duration) {
        let id = self
            .0
            .with_untracked(|list| list.last().map_or(0, |toast| toast.id + 1));
        self.0.update(|list| list.push(Toast { id, message, undo }));
        set_timeout(move || self.dismiss(id), up);
    }

    fn dismiss(self, id: u64) {
        self.0.update(|list| list.retain(|toast| toast.id != id));
    }
}

pub fn provide_toasts() {
    provide_context(Toasts(RwSignal::new(Vec::new())));
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Confirms each success of `action` with a toast that says what `message` makes of its
/// answer; refusals are for the form to show beside its fields.
pub fn toast_successes<S>(action: ServerAction<S>, message: impl Fn(&S::Output) -> String + 'static)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let toasts = use_toasts();
    Effect::new(move |_| {
        action.value().with(|answer| {
            if let Some(Ok(output)) = answer {
                toasts.show(message(output));
            }
        })
    });
}

/// Where toasts appear; screen readers announce them.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let t = use_messages();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.0.get() key=|toast| toast.id let:toast>
                <div class="toast">
                    <span>{toast.message}</span>
                    {toast.undo.map(|undo| view! {
                        <button type="button" class="toast-action" on:click=move |_| {
                            toasts.dismiss(toast.id);
                            undo();
                        }>{t.undo}</button>
                    })}
                </div>
            </For>
        </div>
    }
}
