//! Short confirmations ("Saved") that fade after a few seconds.

use std::time::Duration;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<(u64, String)>>);

impl Toasts {
    pub fn show(self, message: impl Into<String>) {
        let id = self
            .0
            .with_untracked(|list| list.last().map_or(0, |(id, _)| id + 1));
        self.0.update(|list| list.push((id, message.into())));
        set_timeout(
            move || self.0.update(|list| list.retain(|(i, _)| *i != id)),
            Duration::from_secs(4),
        );
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
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.0.get() key=|(id, _)| *id let:toast>
                <div class="toast">{toast.1}</div>
            </For>
        </div>
    }
}
