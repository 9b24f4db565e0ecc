//! What a rep's device keeps to work offline, read at once the first time and then as what
//! changed since the device last asked, so that a refresh over a weak network carries little.
//!
//! A record that leaves the device's set by a change of its own (a deal won, a task done, a
//! contact archived or given away) is named in `gone`; one that leaves because another did (the
//! customer of a deal that was won) is dropped by the device itself, which keeps only its own
//! contacts and those of the deals it keeps.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::types::{FieldData, FieldDeal};
use crate::core::actor::Actor;
use crate::core::settings;
use crate::customers::history::held as history;
use crate::customers::service as contacts;
use crate::deals::pipelines::service as pipelines;
use crate::deals::service::held as deals;
use crate::deals::tasks::service as tasks;
use crate::error::AppError;

/// How far back the next refresh starts from the time of this one: a change stamped before a
/// read but committed after it is still found next time. A write takes far less than this.
const OVERLAP: TimeDelta = TimeDelta::minutes(2);

/// The user's field data, all of it without `since`, else what changed since then.
pub async fn field_data(
    conn: &DatabaseConnection,
    actor: &Actor,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<FieldData, AppError> {
    let me = actor.user.id;
    let deals = deals::held(conn, me, since).await?;
    let joined: Vec<Uuid> = deals
        .changed
        .iter()
        .filter_map(|(deal, _)| deal.contact_id)
        .collect();
    let contacts = contacts::held::held(conn, actor, &deals.contacts, &joined, since).await?;
    let fresh: Vec<Uuid> = contacts.changed.iter().map(|c| c.id).collect();
    let history = history::held(conn, &contacts.kept, &fresh, since).await?;
    let (tasks, tasks_gone) = tasks::held(conn, actor, since).await?;
    let mut gone = deals.gone;
    gone.extend(contacts.gone);
    gone.extend(tasks_gone);
    Ok(FieldData {
        at: now,
        cursor: now - OVERLAP,
        full: since.is_none(),
        pipelines: pipelines::all(conn).await?,
        people: contacts::assignees(conn).await?,
        rates: settings::rates::get(conn).await?,
        country: settings::service::get(conn)
            .await?
            .map(|s| s.country)
            .unwrap_or_default(),
        deals: deals
            .changed
            .into_iter()
            .map(|(deal, rank)| FieldDeal { deal, rank })
            .collect(),
        contacts: contacts.changed,
        history,
        tasks,
        gone,
    })
}
