//! A deal written on a device, merged with the deal as the server holds it now. Each field the
//! user changed is compared three ways: the value the device read, the value the user gave
//! it, and the server's. The server's still the one read: the user's change is written. The
//! server's already the user's: nothing to write. Anything else: both sides changed the
//! field, and the user decides.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use super::types::{Change, Conflict, DealEdit, DealValue, Outcome};
use crate::core::actor::Actor;
use crate::core::policy::Action;
use crate::core::{audit, users};
use crate::deals::pipelines::service as pipelines;
use crate::deals::service as deals;
use crate::deals::types::{DealForm, Move};
use crate::error::{AppError, Invalid};
use crate::i18n::format::plain_amount;

/// What the server does with one field the device changed.
enum Merge<T> {
    Write(T),
    Unchanged,
    Conflict,
}

fn merge<T: PartialEq + Clone>(change: &Change<T>, server: &T) -> Merge<T> {
    if *server == change.to {
        Merge::Unchanged
    } else if *server == change.from {
        Merge::Write(change.to.clone())
    } else {
        Merge::Conflict
    }
}

/// Writes the fields of `edit` that nobody else changed, and lists those somebody did.
pub async fn edit_deal(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
    edit: &DealEdit,
) -> Result<Outcome, AppError> {
    let server = deals::authorize(txn, actor, id, Action::EditDeal, "deal.update").await?;
    let mut form = DealForm::of(&server);
    let mut written = false;
    let mut clashes = Vec::new();
    if let Some(change) = &edit.title {
        match merge(change, &server.title) {
            Merge::Write(title) => (form.title, written) = (title, true),
            Merge::Unchanged => {}
            Merge::Conflict => clashes.push((
                "title",
                DealValue::Title(change.to.clone()),
                DealValue::Title(server.title.clone()),
            )),
        }
    }
    if let Some(change) = &edit.amount {
        match merge(change, &server.amount) {
            Merge::Write(amount) => {
                form.amount = plain_amount(amount.minor, &amount.currency);
                form.currency = amount.currency;
                written = true;
            }
            Merge::Unchanged => {}
            Merge::Conflict => clashes.push((
                "amount",
                DealValue::Amount(change.to.clone()),
                DealValue::Amount(server.amount.clone()),
            )),
        }
    }
    if let Some(change) = &edit.expected_close {
        match merge(change, &server.expected_close) {
            Merge::Write(day) => {
                form.expected_close = day.map(|d| d.to_string()).unwrap_or_default();
                written = true;
            }
            Merge::Unchanged => {}
            Merge::Conflict => clashes.push((
                "expected_close",
                DealValue::ExpectedClose(change.to),
                DealValue::ExpectedClose(server.expected_close),
            )),
        }
    }
    if written {
        deals::update(txn, actor, id, server.version, &form).await?;
    }
    let mut conflicts = Vec::with_capacity(clashes.len());
    for (field, mine, theirs) in clashes {
        conflicts.push(conflict(txn, id, field, mine, theirs).await?);
    }
    Ok(outcome(conflicts))
}

/// Moves the card, unless somebody moved it to another stage since the device read it.
pub async fn move_deal(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
    from: Uuid,
    to: &Move,
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    let server = deals::authorize(txn, actor, id, Action::EditDeal, "deal.move").await?;
    if server.stage.id == from || server.stage.id == to.stage_id {
        deals::move_deal(txn, actor, id, server.version, to, now).await?;
        return Ok(Outcome::Applied);
    }
    let mine = match pipelines::stage(txn, to.stage_id).await {
        Ok((_, stage)) => stage,
        Err(AppError::NotFound) => return Err(AppError::invalid("stage_id", Invalid::Choice)),
        Err(err) => return Err(err),
    };
    let stage = |id, name| DealValue::Stage { id, name };
    let clash = conflict(
        txn,
        id,
        "stage",
        stage(mine.id, mine.name),
        stage(server.stage.id, server.stage.name),
    )
    .await?;
    Ok(outcome(vec![clash]))
}

fn outcome(conflicts: Vec<Conflict>) -> Outcome {
    if conflicts.is_empty() {
        Outcome::Applied
    } else {
        Outcome::Conflicts(conflicts)
    }
}

/// A conflict on `field`, with who last changed it on the server and when.
async fn conflict(
    txn: &DatabaseTransaction,
    deal: Uuid,
    field: &str,
    mine: DealValue,
    theirs: DealValue,
) -> Result<Conflict, AppError> {
    let last = audit::last_change(txn, "deal", deal, field).await?;
    let by = users::names(txn, last.as_ref().and_then(|l| l.actor))
        .await?
        .into_values()
        .next();
    Ok(Conflict {
        deal,
        mine,
        theirs,
        by,
        at: last.map(|l| l.at),
    })
}
