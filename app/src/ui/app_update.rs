//! The installed app's updates. The page registers the service worker (`public/sw.js`); when a
//! new release's worker has been installed beside the running one, the user is offered to
//! reload into it, rather than have the files change under a page they are working in.

use leptos::prelude::*;

use crate::i18n::use_messages;

/// The offer to reload into a new release, shown once one is ready.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let t = use_messages();
    let ready = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| worker::register(ready));
    let reload = move |_| {
        #[cfg(feature = "hydrate")]
        worker::update();
    };
    view! {
        <Show when=move || ready.get()>
            <div class="update-notice" role="status" data-testid="update-ready">
                <span>{t.update_ready}</span>
                <button type="button" class="button" on:click=reload>{t.update_reload}</button>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod worker {
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

    const SCRIPT: &str = "/sw.js";

    /// The browser's service workers; none on an address that is neither https nor local.
    fn container() -> Option<ServiceWorkerContainer> {
        let navigator = web_sys::window()?.navigator();
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
            .ok()?
            .then(|| navigator.service_worker())
    }

    pub fn register(ready: RwSignal<bool>) {
        let Some(container) = container() else {
            return;
        };
        let registering = container.register(SCRIPT);
        spawn_local(async move {
            let registration = match JsFuture::from(registering).await {
                Ok(registration) => registration.dyn_into::<ServiceWorkerRegistration>(),
                Err(err) => Err(err),
            };
            let registration = match registration {
                Ok(registration) => registration,
                Err(err) => {
                    leptos::logging::warn!("the service worker was not registered: {err:?}");
                    return;
                }
            };
            // A worker that took charge while this page was still loading (a first visit's
            // sign-in) missed it: asked, it takes charge, so the page works offline at once.
            if let (None, Some(active)) = (container.controller(), registration.active()) {
                let _ = active.post_message(&JsValue::from_str("claim"));
            }
            // Without a worker in charge this is the first install, not an update.
            let updating = move || container.controller().is_some();
            if registration.waiting().is_some() && updating() {
                ready.set(true);
            }
            let found = registration.clone();
            let on_found = Closure::<dyn Fn()>::new(move || {
                let Some(installing) = found.installing() else {
                    return;
                };
                let watched = installing.clone();
                let updating = updating.clone();
                let on_state = Closure::<dyn Fn()>::new(move || {
                    if watched.state() == ServiceWorkerState::Installed && updating() {
                        ready.set(true);
                    }
                });
                installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            });
            registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
            on_found.forget();
        });
    }

    /// Lets the waiting worker take over, and reloads the page once it has.
    pub fn update() {
        let Some(container) = container() else {
            return;
        };
        let on_change = Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        let asking = container.get_registration();
        spawn_local(async move {
            let waiting = JsFuture::from(asking)
                .await
                .ok()
                .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
                .and_then(|r| r.waiting());
            if let Some(waiting) = waiting {
                let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
            }
        });
    }
}
