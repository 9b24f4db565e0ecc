//! Sending the writes made offline, in the order they were made. One tab sends at a time (a
//! Web Lock), and each write leaves the queue only once the server answered it: a write sent
//! again after a reload or from another tab gets its first answer and changes nothing.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use uuid::Uuid;

use super::api::sync_writes;
use super::copy::{self, CopyError, DECISIONS, QUEUE};
use super::types::{BATCH, Decision, Outcome, Queued};
use crate::core::device::{Change, Device};

/// Sends what waits, in batches; the writes the server answered with a conflict or a refusal
/// wait for the user's decision.
async fn send(device: &Device) -> Result<(), CopyError> {
    loop {
        let waiting: Vec<Queued> = copy::records(device, QUEUE).await?;
        if waiting.is_empty() {
            return Ok(());
        }
        let batch: Vec<Queued> = waiting.into_iter().take(BATCH).collect();
        let synced = sync_writes(batch.clone())
            .await
            .map_err(CopyError::Server)?;
        let answered = synced.outcomes.len();
        let mut changes = Vec::new();
        for (queued, outcome) in batch.into_iter().zip(synced.outcomes) {
            let key = queued.id.to_string();
            if outcome != Outcome::Applied {
                let decision = Decision { queued, outcome };
                changes.push(Change::Put {
                    store: DECISIONS,
                    key: key.clone(),
                    value: copy::json(&decision),
                });
            }
            changes.push(Change::Delete { store: QUEUE, key });
        }
        device.write(&[QUEUE, DECISIONS], changes).await?;
        if let Some(stopped) = synced.stopped {
            return Err(CopyError::Server(stopped));
        }
        if answered == 0 {
            return Ok(());
        }
    }
}

/// Sends the user's queue, holding the device's lock for it so that no other tab sends the
/// same writes meanwhile; a browser without Web Locks sends at once.
pub async fn replay(user: Uuid) -> Result<(), CopyError> {
    let outcome: Rc<RefCell<Option<Result<(), CopyError>>>> = Rc::default();
    let kept = outcome.clone();
    let work = move || async move {
        let sent = match copy::open(user).await {
            Ok(device) => send(&device).await,
            Err(e) => Err(CopyError::Device(e)),
        };
        *kept.borrow_mut() = Some(sent);
    };
    match locks() {
        Some(locks) => {
            let work = RefCell::new(Some(work));
            let held = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |_| {
                let work = work.borrow_mut().take();
                wasm_bindgen_futures::future_to_promise(async move {
                    if let Some(work) = work {
                        work().await;
                    }
                    Ok(JsValue::UNDEFINED)
                })
            });
            let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            let name = JsValue::from_str(&format!("banyan-sync-{user}"));
            if let Some(promise) = request
                .and_then(|request| request.call2(&locks, &name, held.as_ref()).ok())
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
            {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            }
        }
        None => work().await,
    }
    outcome.borrow_mut().take().unwrap_or(Ok(()))
}

/// The browser's Web Locks, where it has them.
fn locks() -> Option<JsValue> {
    let navigator = leptos::prelude::window().navigator();
    js_sys::Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|locks| !locks.is_undefined() && !locks.is_null())
}
