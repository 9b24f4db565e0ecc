//! The offline copy as its user sees it: kept up to date in the background, and its state in
//! the account menu, where it can be brought up to date or cleared.

mod sync_page;

pub use sync_page::SyncPage;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::core::actor::Viewer;
use crate::core::offline::{Reach, use_reach};
use crate::i18n::format::when;
use crate::i18n::{Locale, Messages, fill, use_messages};

/// How often the copy is brought up to date while the app is open.
const EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);
/// The first update waits this long, so as not to slow the screen the user opened.
const AFTER_LOAD: std::time::Duration = std::time::Duration::from_secs(3);

/// What the device holds, and how the last update went.
#[derive(Clone, Debug, Default, PartialEq)]
struct CopyState {
    deals: u32,
    contacts: u32,
    tasks: u32,
    /// Writes made offline not yet sent, and answers waiting for the user.
    waiting: u32,
    decisions: u32,
    at: Option<DateTime<Utc>>,
    busy: bool,
    /// Asked for again while busy: goes once more when done, for a write made meanwhile.
    again: bool,
    /// Why the last update failed, in words.
    problem: Option<String>,
}

/// The copy's state for the whole frame, as updates come, and the app's reach, which an
/// update finds.
#[derive(Clone, Copy)]
struct FieldCopy(RwSignal<CopyState>, Reach);

/// The words for a failed update.
#[cfg(feature = "hydrate")]
fn problem(t: &Messages, error: &super::copy::CopyError) -> String {
    use super::copy::CopyError;
    use crate::core::device::DeviceError;
    match error {
        CopyError::Server(err) => t.error(err),
        CopyError::Device(DeviceError::Full) => t.copy_full.to_owned(),
        CopyError::Device(DeviceError::Unavailable) => t.copy_unavailable.to_owned(),
        CopyError::Device(DeviceError::Failed(why)) => fill(t.copy_failed, &[("reason", why)]),
    }
}

/// Sends the writes made offline and brings the copy up to date (or, with `clear`, removes
/// the copy but not the writes), and shows the outcome.
fn update(copy: FieldCopy, user: Uuid, t: &'static Messages, clear: bool) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if copy.0.with_untracked(|s| s.busy) {
            copy.0.update(|s| s.again = true);
            return;
        }
        copy.0.update(|s| s.busy = true);
        let (summary, failure) = updated(user, clear).await.await;
        let again = copy.0.with_untracked(|s| s.again);
        copy.0.update(|s| {
            if let Some(summary) = summary {
                (s.deals, s.contacts, s.tasks, s.waiting, s.decisions, s.at) = (
                    summary.deals,
                    summary.contacts,
                    summary.tasks,
                    summary.waiting,
                    summary.decisions,
                    summary.at,
                );
            }
            s.problem = failure.as_ref().map(|error| problem(t, error));
            (s.busy, s.again) = (false, false);
        });
        match failure {
            None => copy.1.reached(),
            Some(super::copy::CopyError::Server(e)) if crate::core::offline::unreachable(&e) => {
                copy.1.lost()
            }
            Some(_) => {}
        }
        if again {
            update(copy, user, t, false);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (copy, user, t, clear);
}

/// What the copy holds after an update, and why the update failed if it did.
#[cfg(feature = "hydrate")]
type Updated = (Option<super::copy::Summary>, Option<super::copy::CopyError>);

/// The update itself. Its code (the device's storage, reading the copy's records) comes in a
/// chunk of its own with the first update, a moment after the first screen has loaded.
#[cfg(feature = "hydrate")]
#[lazy]
fn updated(
    user: Uuid,
    clear: bool,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Updated>>> {
    use super::{copy, queue};
    Box::pin(async move {
        let outcome = if clear {
            copy::clear(user).await.map_err(copy::CopyError::Device)
        } else {
            match queue::replay(user).await {
                Ok(()) => copy::refresh(user).await,
                Err(error) => Err(error),
            }
        };
        match outcome {
            Ok(summary) => (Some(summary), None),
            // A failed update leaves the copy as it was: say what it still holds.
            Err(error) => {
                let held = match copy::open(user).await {
                    Ok(device) => copy::summary(&device).await.ok(),
                    Err(_) => None,
                };
                (held, Some(error))
            }
        }
    })
}

/// Gives the app's frame the copy's state, for the screens in it.
pub fn provide_field_copy() {
    provide_context(FieldCopy(RwSignal::new(CopyState::default()), use_reach()));
}

/// Keeps the signed-in user's copy up to date and sends what they did offline: a moment after
/// the app opens, every few minutes, as soon as the network comes back or the app is looked
/// at again, and right after a write made offline.
pub fn keep_field_copy(user: Uuid) {
    let t = use_messages();
    let Some(copy) = use_context::<FieldCopy>() else {
        return;
    };
    Effect::new(move |_| {
        set_timeout(move || update(copy, user, t, false), AFTER_LOAD);
        let every = set_interval_with_handle(move || update(copy, user, t, false), EVERY);
        let online =
            window_event_listener(leptos::ev::online, move |_| update(copy, user, t, false));
        let focus = window_event_listener(leptos::ev::focus, move |_| update(copy, user, t, false));
        #[cfg(feature = "hydrate")]
        let queued = window_event_listener_untyped(super::kept::QUEUED, move |_| {
            update(copy, user, t, false)
        });
        on_cleanup(move || {
            if let Ok(every) = every {
                every.clear();
            }
            online.remove();
            focus.remove();
            #[cfg(feature = "hydrate")]
            queued.remove();
        });
    });
}

/// The copy's state in the account menu: what it holds and when it was made, with a button
/// to bring it up to date and one to remove it from the device.
#[component]
pub fn FieldCopyStatus(viewer: Viewer) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let Some(copy) = use_context::<FieldCopy>() else {
        return ().into_any();
    };
    let user = viewer.user.id;
    let zone = viewer.time_zone;
    let state = copy.0;
    let held = move || {
        state.with(|s| match s.at {
            None => t.copy_none.to_owned(),
            Some(at) => {
                let counts = fill(
                    t.copy_summary,
                    &[
                        ("deals", &s.deals.to_string()),
                        ("contacts", &s.contacts.to_string()),
                        ("tasks", &s.tasks.to_string()),
                    ],
                );
                let at = fill(t.copy_at, &[("time", &when(at, Utc::now(), &zone, locale))]);
                format!("{counts} · {at}")
            }
        })
    };
    view! {
        <div class="field-copy" data-testid="field-copy">
            <span class="muted">{t.copy_title}</span>
            <span data-testid="field-copy-held">
                {move || if state.with(|s| s.busy) { t.copy_updating.to_owned() } else { held() }}
            </span>
            {move || state.with(|s| s.problem.clone()).map(|p| view! { <span class="error" role="alert">{p}</span> })}
            <span class="field-copy-actions">
                <button type="button" class="link-button" on:click=move |_| update(copy, user, t, false)>
                    {t.copy_update}
                </button>
                <button type="button" class="link-button" on:click=move |_| update(copy, user, t, true)>
                    {t.copy_clear}
                </button>
            </span>
        </div>
    }
    .into_any()
}

/// Above every screen: that the app shows the device's copy because the server cannot be
/// reached, and how many writes wait to be sent or for the user's decision, leading to them.
#[component]
pub fn FieldBanner() -> impl IntoView {
    let t = use_messages();
    let Some(FieldCopy(state, reach)) = use_context::<FieldCopy>() else {
        return ().into_any();
    };
    let waiting = move || {
        let (queue, decisions) = state.with(|s| (s.waiting, s.decisions));
        let count = |text, n: u32| (n > 0).then(|| fill(text, &[("count", &n.to_string())]));
        let said: Vec<String> = [
            count(t.sync_waiting, queue),
            count(t.sync_decide, decisions),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!said.is_empty()).then(|| {
            view! {
                <a class="sync-badge" href="/sync" data-testid="sync-badge">{said.join(" · ")}</a>
            }
        })
    };
    view! {
        {move || reach.offline.get().then(|| view! {
            <p class="offline-banner" role="status" data-testid="offline-banner">{t.offline_banner}</p>
        })}
        {waiting}
    }
    .into_any()
}
