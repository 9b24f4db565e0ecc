//! The copy of the field data on the device, kept up to date from the server's answers: what
//! a rep works with when the network is gone.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::api::get_field_data;
use super::types::{FieldData, FieldDeal};
use crate::core::device::{Change, Device, DeviceError};
use crate::customers::history::types::{HistoryItem, PER_CONTACT};
use crate::customers::types::{Assignee, Contact};
use crate::deals::tasks::types::Task;
use crate::deals::types::Pipeline;
use crate::error::AppError;
use clean::rates::Rates;

pub const DEALS: &str = "deals";
pub const CONTACTS: &str = "contacts";
pub const HISTORY: &str = "history";
pub const TASKS: &str = "tasks";
const META: &str = "meta";
/// The writes made offline, waiting to be sent (`queue`), and those the server answered with a
/// conflict or a refusal, waiting for the user.
pub const QUEUE: &str = "queue";
pub const DECISIONS: &str = "decisions";
/// The copy of the server's records, which a full answer replaces; the writes stay.
const RECORDS: &[&str] = &[DEALS, CONTACTS, HISTORY, TASKS, META];
pub const STORES: &[&str] = &[DEALS, CONTACTS, HISTORY, TASKS, META, QUEUE, DECISIONS];
/// Goes up with `STORES`.
const VERSION: u32 = 2;

/// The meta keys: the server's cursor to ask from, the time of the copy, and the records that
/// come whole with every answer.
const CURSOR: &str = "cursor";
const AT: &str = "at";
const PIPELINES: &str = "pipelines";
const PEOPLE: &str = "people";
const RATES: &str = "rates";
const COUNTRY: &str = "country";

/// What the device holds, as the account page tells it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub deals: u32,
    pub contacts: u32,
    pub tasks: u32,
    /// Writes made offline not yet sent, and answers waiting for the user's decision.
    pub waiting: u32,
    pub decisions: u32,
    /// When the copy was last brought up to date; `None` if there is none yet.
    pub at: Option<DateTime<Utc>>,
}

/// Why the copy could not be brought up to date.
#[derive(Clone, Debug, PartialEq)]
pub enum CopyError {
    Server(AppError),
    Device(DeviceError),
}

impl From<DeviceError> for CopyError {
    fn from(error: DeviceError) -> Self {
        CopyError::Device(error)
    }
}

pub async fn open(user: Uuid) -> Result<Device, DeviceError> {
    Device::open(user, VERSION, STORES).await
}

pub fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn parsed<T: DeserializeOwned>(values: Vec<String>) -> Vec<T> {
    values
        .iter()
        .filter_map(|v| serde_json::from_str(v).ok())
        .collect()
}

fn history_key(item: &HistoryItem) -> Option<String> {
    let contact = match item {
        HistoryItem::Interaction(i) => Some(i.contact_id),
        HistoryItem::Order(o) => o.contact_id,
    }?;
    Some(format!("{contact}/{}", item.id()))
}

/// Asks the server what changed since the copy was made (everything the first time) and
/// keeps it.
pub async fn refresh(user: Uuid) -> Result<Summary, CopyError> {
    let device = open(user).await?;
    let since = device
        .get(META, CURSOR)
        .await?
        .and_then(|c| c.parse::<DateTime<Utc>>().ok());
    let data = get_field_data(since).await.map_err(CopyError::Server)?;
    keep(&device, &data).await?;
    prune(&device, user).await?;
    Ok(summary(&device).await?)
}

/// Writes an answer of the server into the copy, in one transaction.
async fn keep(device: &Device, data: &FieldData) -> Result<(), DeviceError> {
    let mut changes = Vec::new();
    if data.full {
        changes.extend(RECORDS.iter().map(|&store| Change::Clear { store }));
    }
    for id in &data.gone {
        for store in [DEALS, CONTACTS, TASKS] {
            changes.push(Change::Delete {
                store,
                key: id.to_string(),
            });
        }
    }
    let put = |store, key: String, value: String| Change::Put { store, key, value };
    changes.extend(
        data.deals
            .iter()
            .map(|d| put(DEALS, d.deal.id.to_string(), json(d))),
    );
    for contact in &data.contacts {
        // Its newest entries come with it: they replace what the copy had.
        changes.push(Change::DeletePrefix {
            store: HISTORY,
            prefix: format!("{}/", contact.id),
        });
        changes.push(put(CONTACTS, contact.id.to_string(), json(contact)));
    }
    changes.extend(
        data.history
            .iter()
            .filter_map(|item| Some(put(HISTORY, history_key(item)?, json(item)))),
    );
    changes.extend(
        data.tasks
            .iter()
            .map(|t| put(TASKS, t.id.to_string(), json(t))),
    );
    changes.push(put(META, PIPELINES.to_owned(), json(&data.pipelines)));
    changes.push(put(META, PEOPLE.to_owned(), json(&data.people)));
    changes.push(put(META, RATES.to_owned(), json(&data.rates)));
    changes.push(put(META, COUNTRY.to_owned(), json(&data.country)));
    changes.push(put(META, CURSOR.to_owned(), data.cursor.to_rfc3339()));
    changes.push(put(META, AT.to_owned(), data.at.to_rfc3339()));
    device.write(RECORDS, changes).await
}

/// Drops what the copy no longer needs: contacts that are neither the user's nor of a deal it
/// keeps, with their history, and the oldest entries past the newest of each contact.
async fn prune(device: &Device, user: Uuid) -> Result<(), DeviceError> {
    let deals: Vec<FieldDeal> = parsed(device.all(DEALS).await?);
    let of_deals: HashSet<Uuid> = deals.iter().filter_map(|d| d.deal.contact_id).collect();
    let contacts: Vec<Contact> = parsed(device.all(CONTACTS).await?);
    let mut changes = Vec::new();
    for contact in &contacts {
        if contact.owner_id != Some(user) && !of_deals.contains(&contact.id) {
            changes.push(Change::Delete {
                store: CONTACTS,
                key: contact.id.to_string(),
            });
            changes.push(Change::DeletePrefix {
                store: HISTORY,
                prefix: format!("{}/", contact.id),
            });
        }
    }
    let history: Vec<HistoryItem> = parsed(device.all(HISTORY).await?);
    let mut by_contact: HashMap<String, Vec<&HistoryItem>> = HashMap::new();
    for item in &history {
        if let Some(key) = history_key(item) {
            let contact = key.split('/').next().unwrap_or_default().to_owned();
            by_contact.entry(contact).or_default().push(item);
        }
    }
    for items in by_contact.values_mut() {
        items.sort_by_key(|item| std::cmp::Reverse((item.at(), item.id())));
        changes.extend(items.iter().skip(PER_CONTACT).filter_map(|item| {
            Some(Change::Delete {
                store: HISTORY,
                key: history_key(item)?,
            })
        }));
    }
    if changes.is_empty() {
        return Ok(());
    }
    device.write(&[CONTACTS, HISTORY], changes).await
}

/// What the copy holds.
pub async fn summary(device: &Device) -> Result<Summary, DeviceError> {
    Ok(Summary {
        deals: device.count(DEALS).await?,
        contacts: device.count(CONTACTS).await?,
        tasks: device.count(TASKS).await?,
        waiting: device.count(QUEUE).await?,
        decisions: device.count(DECISIONS).await?,
        at: device.get(META, AT).await?.and_then(|at| at.parse().ok()),
    })
}

/// Removes the copy of the server's records from the device; the writes not yet sent stay.
pub async fn clear(user: Uuid) -> Result<Summary, DeviceError> {
    let device = open(user).await?;
    let changes = RECORDS
        .iter()
        .map(|&store| Change::Clear { store })
        .collect();
    device.write(RECORDS, changes).await?;
    summary(&device).await
}

/// Every record of a store of the copy.
pub async fn records<T: DeserializeOwned>(
    device: &Device,
    store: &str,
) -> Result<Vec<T>, DeviceError> {
    Ok(parsed(device.all(store).await?))
}

/// The pipelines, people or exchange rates, as the last answer of the server gave them;
/// `None` before the first.
async fn whole<T: DeserializeOwned>(device: &Device, key: &str) -> Result<Option<T>, DeviceError> {
    record(device, META, key).await
}

/// One record of a store of the copy; `None` when it keeps none under `key`.
pub async fn record<T: DeserializeOwned>(
    device: &Device,
    store: &str,
    key: &str,
) -> Result<Option<T>, DeviceError> {
    Ok(device
        .get(store, key)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok()))
}

/// What the board needs beside the deals.
pub struct Settings {
    pub pipelines: Vec<Pipeline>,
    pub rates: Rates,
}

pub async fn settings(device: &Device) -> Result<Option<Settings>, DeviceError> {
    let (Some(pipelines), Some(rates)) =
        (whole(device, PIPELINES).await?, whole(device, RATES).await?)
    else {
        return Ok(None);
    };
    Ok(Some(Settings { pipelines, rates }))
}

/// A deal as the copy keeps it, to write with the change that made it.
pub fn deal(deal: &FieldDeal) -> Change {
    Change::Put {
        store: DEALS,
        key: deal.deal.id.to_string(),
        value: json(deal),
    }
}

/// The people to give tasks to, as the server last named them.
pub async fn people(device: &Device) -> Result<Vec<Assignee>, DeviceError> {
    Ok(whole(device, PEOPLE).await?.unwrap_or_default())
}

/// The workspace's country, to read phone numbers in as the server does.
pub async fn country(device: &Device) -> Result<String, DeviceError> {
    Ok(whole(device, COUNTRY).await?.unwrap_or_default())
}

/// A contact as the copy keeps it.
pub async fn kept_contact(device: &Device, id: Uuid) -> Result<Contact, DeviceError> {
    record(device, CONTACTS, &id.to_string())
        .await?
        .ok_or_else(|| DeviceError::Failed(format!("contact {id} is not kept")))
}

/// A contact as the copy keeps it, to write with the change that made it.
pub fn contact(contact: &Contact) -> Change {
    Change::Put {
        store: CONTACTS,
        key: contact.id.to_string(),
        value: json(contact),
    }
}

/// A task as the copy keeps it, to write with the change that made it.
pub fn task(task: &Task) -> Change {
    Change::Put {
        store: TASKS,
        key: task.id.to_string(),
        value: json(task),
    }
}

/// A contact's history entries the copy keeps.
pub async fn history(device: &Device, contact: Uuid) -> Result<Vec<HistoryItem>, DeviceError> {
    Ok(parsed(
        device
            .starting_with(HISTORY, &format!("{contact}/"))
            .await?,
    ))
}

/// A history entry as the copy keeps it, to write with the change that made it.
pub fn history_entry(item: &HistoryItem) -> Option<Change> {
    Some(Change::Put {
        store: HISTORY,
        key: history_key(item)?,
        value: json(item),
    })
}
