//! The device's own storage (IndexedDB): one database per signed-in user, for what the app
//! keeps on a phone to work without a network. Values are JSON text under text keys; the
//! feature that keeps something names its stores and what goes in them.

use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use uuid::Uuid;
use web_sys::{IdbDatabase, IdbKeyRange, IdbRequest, IdbTransaction, IdbTransactionMode};

/// Why the device could not keep or read something.
#[derive(Clone, Debug, PartialEq)]
pub enum DeviceError {
    /// The browser keeps nothing for this site (a private window, storage turned off).
    Unavailable,
    /// The storage the browser gives this site is full.
    Full,
    /// Anything else, as the browser put it.
    Failed(String),
}

fn failure(value: JsValue) -> DeviceError {
    match value.dyn_into::<web_sys::DomException>() {
        Ok(e) if e.name() == "QuotaExceededError" => DeviceError::Full,
        Ok(e) => DeviceError::Failed(e.message()),
        Err(value) => DeviceError::Failed(format!("{value:?}")),
    }
}

/// One change among those a write applies together.
pub enum Change {
    Put {
        store: &'static str,
        key: String,
        value: String,
    },
    Delete {
        store: &'static str,
        key: String,
    },
    /// Every key that starts with `prefix` (`contact-id/` for one contact's history).
    DeletePrefix {
        store: &'static str,
        prefix: String,
    },
    Clear {
        store: &'static str,
    },
}

/// A user's database on this device.
pub struct Device {
    db: IdbDatabase,
}

fn name(user: Uuid) -> String {
    format!("banyan-{user}")
}

fn factory() -> Result<web_sys::IdbFactory, DeviceError> {
    web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(DeviceError::Unavailable)
}

/// The end of a request: its result, or why it failed.
async fn settled(request: &IdbRequest) -> Result<JsValue, DeviceError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::NULL));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let why = failed
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::NULL, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(failure)
}

/// The end of a transaction: every change in it written, or none.
async fn committed(transaction: &IdbTransaction) -> Result<(), DeviceError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = transaction.clone();
        let on_error = Closure::once_into_js(move || {
            let why = failed.error().map_or(JsValue::NULL, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_error.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(drop)
        .map_err(failure)
}

/// The values a request for many found, each the JSON text of a record.
async fn texts(request: &IdbRequest) -> Result<Vec<String>, DeviceError> {
    let values = settled(request).await?;
    Ok(js_sys::Array::from(&values)
        .iter()
        .filter_map(|v| v.as_string())
        .collect())
}

/// The keys from `prefix` up to the last one that starts with it.
fn starting_with(prefix: &str) -> Result<JsValue, DeviceError> {
    IdbKeyRange::bound(
        &JsValue::from_str(prefix),
        &JsValue::from_str(&format!("{prefix}\u{ffff}")),
    )
    .map(JsValue::from)
    .map_err(failure)
}

impl Device {
    /// Opens the user's database, creating the `stores` it lacks; `version` goes up whenever
    /// `stores` changes.
    pub async fn open(
        user: Uuid,
        version: u32,
        stores: &'static [&'static str],
    ) -> Result<Self, DeviceError> {
        let request = factory()?
            .open_with_u32(&name(user), version)
            .map_err(failure)?;
        let opening = request.clone();
        let upgrade = Closure::<dyn FnMut()>::new(move || {
            let Some(db) = opening
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            else {
                return;
            };
            let existing = db.object_store_names();
            for store in stores {
                if !existing.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let db = settled(&request).await?;
        Ok(Device {
            db: db.unchecked_into(),
        })
    }

    fn store(
        &self,
        store: &str,
        mode: IdbTransactionMode,
    ) -> Result<web_sys::IdbObjectStore, DeviceError> {
        self.db
            .transaction_with_str_and_mode(store, mode)
            .and_then(|t| t.object_store(store))
            .map_err(failure)
    }

    /// Every value of a store.
    pub async fn all(&self, store: &str) -> Result<Vec<String>, DeviceError> {
        let request = self
            .store(store, IdbTransactionMode::Readonly)?
            .get_all()
            .map_err(failure)?;
        texts(&request).await
    }

    /// The values of a store whose keys start with `prefix`, in key order.
    pub async fn starting_with(
        &self,
        store: &str,
        prefix: &str,
    ) -> Result<Vec<String>, DeviceError> {
        let request = self
            .store(store, IdbTransactionMode::Readonly)?
            .get_all_with_key(&starting_with(prefix)?)
            .map_err(failure)?;
        texts(&request).await
    }

    pub async fn get(&self, store: &str, key: &str) -> Result<Option<String>, DeviceError> {
        let request = self
            .store(store, IdbTransactionMode::Readonly)?
            .get(&JsValue::from_str(key))
            .map_err(failure)?;
        Ok(settled(&request).await?.as_string())
    }

    pub async fn count(&self, store: &str) -> Result<u32, DeviceError> {
        let request = self
            .store(store, IdbTransactionMode::Readonly)?
            .count()
            .map_err(failure)?;
        Ok(settled(&request).await?.as_f64().unwrap_or(0.0) as u32)
    }

    /// Applies `changes` to `stores` together: all of them, or none if one fails.
    pub async fn write(
        &self,
        stores: &[&'static str],
        changes: Vec<Change>,
    ) -> Result<(), DeviceError> {
        let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let transaction = self
            .db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(failure)?;
        for change in changes {
            let store = |name| transaction.object_store(name).map_err(failure);
            match change {
                Change::Put {
                    store: s,
                    key,
                    value,
                } => store(s)?
                    .put_with_key(&JsValue::from_str(&value), &JsValue::from_str(&key))
                    .map(drop),
                Change::Delete { store: s, key } => {
                    store(s)?.delete(&JsValue::from_str(&key)).map(drop)
                }
                Change::DeletePrefix { store: s, prefix } => {
                    store(s)?.delete(&starting_with(&prefix)?).map(drop)
                }
                Change::Clear { store: s } => store(s)?.clear().map(drop),
            }
            .map_err(failure)?;
        }
        committed(&transaction).await
    }
}

impl Drop for Device {
    /// A database stays open until closed, and an open one cannot be removed.
    fn drop(&mut self) {
        self.db.close();
    }
}

/// Removes the user's database from this device, as they sign out.
pub async fn forget(user: Uuid) -> Result<(), DeviceError> {
    let request = factory()?.delete_database(&name(user)).map_err(failure)?;
    settled(&request).await.map(drop)
}
