//! The screens' answers from the device's copy when the server cannot be reached, and the
//! writes made there: each shows in the copy at once and waits in the queue to be sent. The
//! app gives them to the features' screens as their ports (`KeptDeals`, `KeptTasks`…).

mod contacts;
mod deals;
mod tasks;
mod today;

pub use contacts::{add_contact, contact, contacts, history, log};
pub use deals::{add_deal, board, deal, edit_deal, move_deal};
pub use tasks::{add_task, my_tasks, people, set_task_done};
pub use today::today;

use chrono_tz::Tz;
use leptos::wasm_bindgen::JsCast;
use uuid::Uuid;

use super::copy::{self, QUEUE};
use super::types::{Queued, Write};
use crate::core::device::{Change, Device, DeviceError};
use crate::core::offline::{Kept, remembered};
use crate::error::AppError;

/// The name of the event the window hears when the queue changed: the frame counts it again
/// and tries to send it.
pub const QUEUED: &str = "banyan-queued";

/// The tag the service worker's Background Sync answers to (`public/sw.js`).
const SYNC_TAG: &str = "banyan-queue";

/// A copy that cannot be read answers nothing: the screen says the server is needed.
fn unread(_: DeviceError) -> AppError {
    AppError::NotFound
}

/// Why a write could not be kept on the device, in the words the screens show.
fn unkept(error: DeviceError) -> AppError {
    match error {
        DeviceError::Full => AppError::DeviceFull,
        other => AppError::Transport(format!("{other:?}")),
    }
}

/// The copy of whoever was last signed in on this device.
async fn device() -> Result<Device, AppError> {
    let user = remembered().ok_or(AppError::Unauthorized)?.user.id;
    copy::open(user).await.map_err(unread)
}

/// The pipelines and exchange rates the copy keeps; none before its first update.
async fn settings(device: &Device) -> Result<copy::Settings, AppError> {
    copy::settings(device)
        .await
        .map_err(unread)?
        .ok_or(AppError::NotFound)
}

/// Keeps a write in the queue together with what it changes in the copy, so that the copy
/// never shows a change the queue lost, nor the queue holds one the copy does not show.
pub(super) async fn queue(
    device: &Device,
    write: Write,
    mut changes: Vec<Change>,
) -> Result<(), AppError> {
    let queued = Queued {
        id: Uuid::now_v7(),
        write,
    };
    changes.push(Change::Put {
        store: QUEUE,
        key: queued.id.to_string(),
        value: copy::json(&queued),
    });
    device.write(copy::STORES, changes).await.map_err(unkept)?;
    announce();
    Ok(())
}

/// Tells the frame that what waits on the device changed, and asks the browser to wake the
/// service worker when the network is back (Background Sync), which sends the writes should
/// the app be closed by then.
pub(super) fn announce() {
    let window = leptos::prelude::window();
    if let Ok(event) = web_sys::Event::new(QUEUED) {
        let _ = window.dispatch_event(&event);
    }
    let Ok(ready) = window.navigator().service_worker().ready() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        // Only some browsers have it: the others send when the app is next open and online.
        let sync = js_sys::Reflect::get(&registration, &"sync".into()).ok();
        let register = sync
            .as_ref()
            .and_then(|s| js_sys::Reflect::get(s, &"register".into()).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let (Some(sync), Some(register)) = (sync, register)
            && let Ok(asked) = register.call1(&sync, &SYNC_TAG.into())
            && let Ok(asked) = asked.dyn_into::<js_sys::Promise>()
        {
            let _ = wasm_bindgen_futures::JsFuture::from(asked).await;
        }
    });
}

/// The time zone of whoever was last signed in on this device.
fn zone() -> Tz {
    remembered()
        .and_then(|v| v.time_zone.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// Signing out: the copy goes from the device, and with it the whole database unless writes
/// still wait there to be sent or decided, which stay until the user signs in again.
pub fn leave(user: Uuid) -> Kept<()> {
    Box::pin(async move {
        let held = copy::clear(user).await.map_err(unkept)?;
        if held.waiting + held.decisions == 0 {
            crate::core::device::forget(user).await.map_err(unkept)?;
        }
        Ok(())
    })
}
