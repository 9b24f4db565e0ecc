//! Applying a device's writes: in the order they were made, each at most once, each in a
//! transaction of its own with the record of its answer, through the features' services.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use super::entity::{ActiveModel, Entity, Model};
use super::merge;
use super::types::{BATCH, Outcome, Queued, Synced, Write};
use crate::core::actor::Actor;
use crate::core::db;
use crate::customers::history::service as history;
use crate::customers::service as contacts;
use crate::deals::service as deals;
use crate::deals::tasks::service as tasks;
use crate::error::{AppError, Invalid};

/// Applies `writes` in order and answers each, up to the first that cannot be answered now.
pub async fn sync(
    conn: &DatabaseConnection,
    actor: &Actor,
    writes: &[Queued],
    now: DateTime<Utc>,
) -> Result<Synced, AppError> {
    if writes.len() > BATCH {
        return Err(AppError::invalid("writes", Invalid::TooLong { max: BATCH }));
    }
    let mut outcomes = Vec::with_capacity(writes.len());
    for queued in writes {
        match once(conn, actor, queued, now).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(stopped) => {
                return Ok(Synced {
                    outcomes,
                    stopped: Some(stopped),
                });
            }
        }
    }
    Ok(Synced {
        outcomes,
        stopped: None,
    })
}

/// Applies one write, or gives the answer it got the first time it came.
async fn once(
    conn: &DatabaseConnection,
    actor: &Actor,
    queued: &Queued,
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    let txn = db::write(conn).await?;
    // A write sent again (a retry whose answer was lost, a second tab) gets the first answer.
    let claim = ActiveModel {
        id: Set(queued.id),
        user_id: Set(actor.user.id),
        outcome: Set(Value::Null),
        applied_at: Set(now),
    };
    if !db::claim(&txn, claim).await? {
        drop(txn);
        let seen = Entity::find_by_id(queued.id).one(conn).await?;
        return answer(actor, seen.ok_or(AppError::Internal)?);
    }
    let outcome = match apply(&txn, actor, &queued.write, now).await {
        Ok(outcome) => outcome,
        Err(err @ (AppError::NotFound | AppError::Forbidden | AppError::Validation(_))) => {
            Outcome::Refused(err)
        }
        // Not the write's fault (the database, a race with another writer, the session):
        // nothing is kept, and the device sends it again later.
        Err(err) => return Err(err),
    };
    let answered = serde_json::to_value(&outcome).map_err(AppError::internal)?;
    ActiveModel {
        id: Set(queued.id),
        outcome: Set(answered),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// The answer a write got the first time, to its own author only.
fn answer(actor: &Actor, seen: Model) -> Result<Outcome, AppError> {
    if seen.user_id != actor.user.id {
        return Ok(Outcome::Refused(AppError::Forbidden));
    }
    serde_json::from_value(seen.outcome).map_err(AppError::internal)
}

async fn apply(
    txn: &DatabaseTransaction,
    actor: &Actor,
    write: &Write,
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    match write {
        Write::MoveDeal { deal, from, to } => {
            return merge::move_deal(txn, actor, *deal, *from, to, now).await;
        }
        Write::EditDeal { deal, edit } => return merge::edit_deal(txn, actor, *deal, edit).await,
        Write::AddDeal { deal } => {
            made_on_device(deal.id)?;
            deals::create(txn, actor, deal).await?;
        }
        Write::Log { contact, form } => {
            made_on_device(form.id)?;
            history::log(txn, actor, *contact, form, now).await?;
        }
        Write::AddTask { task } => {
            made_on_device(task.id)?;
            tasks::create(txn, actor, task, now).await?;
        }
        Write::SetTaskDone { task, done } => {
            // Asked first, so that a task one may not tick tells nothing of itself.
            let current = tasks::changeable(txn, actor, *task, "task.done").await?;
            if current.done_at.is_some() != *done {
                tasks::set_done(txn, actor, *task, current.version, *done, now).await?;
            }
        }
        Write::AddContact { contact } => {
            made_on_device(contact.id)?;
            contacts::create(txn, actor, contact).await?;
        }
    }
    Ok(Outcome::Applied)
}

/// A record added offline carries the id the device gave it: the writes after it name it.
fn made_on_device(id: Option<Uuid>) -> Result<(), AppError> {
    match id {
        Some(_) => Ok(()),
        None => Err(AppError::invalid("id", Invalid::Required)),
    }
}
