//! Working without the server. A screen that can show what the device keeps asks the server
//! first and, when it cannot be reached, the device's copy; the app's frame then says that it
//! is offline. A feature reads and writes its part of the copy through a port the app gives
//! it (a `Kept` future): the copy belongs to the offline feature, which sits above the
//! features whose records it keeps.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::core::actor::Viewer;
use crate::error::AppError;

/// An answer read from, or a write made on, the device's copy.
pub type Kept<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// Whether the server answered the last time a screen asked, for the whole app.
#[derive(Clone, Copy)]
pub struct Reach {
    /// The screens show the device's copy: the server could not be reached.
    pub offline: RwSignal<bool>,
    /// Goes up each time the server answers again after it could not be reached, so that the
    /// screens showing the copy read the server's data again.
    pub back: RwSignal<u32>,
}

impl Reach {
    pub fn reached(self) {
        if self.offline.get_untracked() {
            self.offline.set(false);
            self.back.update(|n| *n = n.wrapping_add(1));
        }
    }

    /// Whether a write should go to the device's queue: the server could not be reached
    /// last time, or the browser has no network at all.
    pub fn working_offline(self) -> bool {
        #[cfg(feature = "hydrate")]
        let no_network = no_network();
        #[cfg(not(feature = "hydrate"))]
        let no_network = false;
        self.offline.get_untracked() || no_network
    }

    pub fn lost(self) {
        if !self.offline.get_untracked() {
            self.offline.set(true);
        }
    }
}

pub fn provide_reach() {
    provide_context(Reach {
        offline: RwSignal::new(false),
        back: RwSignal::new(0),
    });
}

/// The app's reach; a screen rendered alone (in a test) gets one of its own.
pub fn use_reach() -> Reach {
    use_context().unwrap_or_else(|| {
        provide_reach();
        expect_context()
    })
}

/// Whether an error says the server could not be reached, rather than what it answered.
pub fn unreachable(error: &AppError) -> bool {
    matches!(error, AppError::Transport(_))
}

/// The browser knows it has no network at all: asking the server would only wait to fail.
#[cfg(feature = "hydrate")]
fn no_network() -> bool {
    !window().navigator().on_line()
}

/// The server's answer; when the server cannot be reached and the device keeps what was asked
/// (`kept`), the device's. Where the copy lacks it, the server's failure stands: the screen
/// says the network is needed.
pub fn served_or_kept<T, K>(
    reach: Reach,
    served: impl Future<Output = Result<T, AppError>> + Send + 'static,
    kept: Option<K>,
) -> impl Future<Output = Result<T, AppError>> + Send + 'static
where
    T: Send + 'static,
    K: FnOnce() -> Kept<T> + Send + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        // The copy's futures are the browser's own and never leave its one thread.
        send_wrapper::SendWrapper::new(async move {
            let Some(kept) = kept else {
                return served.await;
            };
            if no_network() {
                reach.lost();
                let offline = || AppError::Transport("the browser is offline".to_owned());
                return kept().await.map_err(|_| offline());
            }
            match served.await {
                Err(failed) if unreachable(&failed) => {
                    reach.lost();
                    kept().await.map_err(|_| failed)
                }
                answer => {
                    reach.reached();
                    answer
                }
            }
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (reach, kept);
        served
    }
}

/// Where the browser keeps the signed-in viewer, to open the app without the server.
#[cfg(feature = "hydrate")]
const VIEWER: &str = "banyan-viewer";

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Remembers who is signed in on this device, as the server last said.
pub fn remember_viewer(viewer: Option<&Viewer>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let _ = match viewer.and_then(|v| serde_json::to_string(v).ok()) {
            Some(json) => storage.set_item(VIEWER, &json),
            None => storage.remove_item(VIEWER),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = viewer;
}

/// Who was signed in on this device when the server was last reached.
pub fn remembered() -> Option<Viewer> {
    #[cfg(feature = "hydrate")]
    return storage()
        .and_then(|s| s.get_item(VIEWER).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    #[cfg(not(feature = "hydrate"))]
    None
}

/// The viewer for the app's frame, when the server cannot say.
pub fn remembered_viewer() -> Kept<Option<Viewer>> {
    Box::pin(async { Ok(remembered()) })
}
