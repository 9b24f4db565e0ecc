//! The writes made offline as their user reviews them: what waits to be sent, and what the
//! server answered with a conflict or a refusal, to keep one value or the other, or to
//! discard.

use uuid::Uuid;

use super::copy::{self, CopyError, DEALS, DECISIONS, QUEUE};
use super::kept;
use super::types::{
    Change as Edited, Conflict, DealEdit, DealValue, Decision, FieldDeal, Waiting, Write,
};
use crate::core::device::Change;
use crate::deals::types::Move;

pub async fn waiting(user: Uuid) -> Result<Waiting, CopyError> {
    let device = copy::open(user).await?;
    let deals: Vec<FieldDeal> = copy::records(&device, DEALS).await?;
    let stages = copy::settings(&device)
        .await?
        .map(|s| s.pipelines)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|p| p.stages)
        .map(|s| (s.id, s.name))
        .collect();
    Ok(Waiting {
        queue: copy::records(&device, QUEUE).await?,
        decisions: copy::records(&device, DECISIONS).await?,
        deals: deals
            .into_iter()
            .map(|d| (d.deal.id, d.deal.title))
            .collect(),
        stages,
    })
}

/// The write that puts the user's value in place of the server's.
fn resend(conflict: &Conflict) -> Option<Write> {
    let deal = conflict.deal;
    let edit = |edit| Some(Write::EditDeal { deal, edit });
    match (conflict.mine.clone(), conflict.theirs.clone()) {
        (DealValue::Stage { id: to, .. }, DealValue::Stage { id: from, .. }) => {
            Some(Write::MoveDeal {
                deal,
                from,
                to: Move {
                    stage_id: to,
                    ..Move::default()
                },
            })
        }
        (DealValue::Title(to), DealValue::Title(from)) => edit(DealEdit {
            title: Some(Edited { from, to }),
            ..DealEdit::default()
        }),
        (DealValue::Amount(to), DealValue::Amount(from)) => edit(DealEdit {
            amount: Some(Edited { from, to }),
            ..DealEdit::default()
        }),
        (DealValue::ExpectedClose(to), DealValue::ExpectedClose(from)) => edit(DealEdit {
            expected_close: Some(Edited { from, to }),
            ..DealEdit::default()
        }),
        _ => None,
    }
}

/// Settles one conflict of an answered write: the user's value goes to the server again
/// (`mine`), or the server's stays. The write's other conflicts still wait.
pub async fn settle(user: Uuid, write: Uuid, conflict: usize, mine: bool) -> Result<(), CopyError> {
    let device = copy::open(user).await?;
    let key = write.to_string();
    let Some(mut decision) = device
        .get(DECISIONS, &key)
        .await?
        .and_then(|json| serde_json::from_str::<Decision>(&json).ok())
    else {
        return Ok(());
    };
    let mut changes = Vec::new();
    let mut again = None;
    if let super::types::Outcome::Conflicts(conflicts) = &mut decision.outcome
        && conflict < conflicts.len()
    {
        let settled = conflicts.remove(conflict);
        if mine {
            again = resend(&settled);
        }
        changes.push(if conflicts.is_empty() {
            Change::Delete {
                store: DECISIONS,
                key,
            }
        } else {
            Change::Put {
                store: DECISIONS,
                key,
                value: copy::json(&decision),
            }
        });
    }
    match again {
        Some(write) => kept::queue(&device, write, changes)
            .await
            .map_err(CopyError::Server),
        None => {
            device.write(&[DECISIONS], changes).await?;
            kept::announce();
            Ok(())
        }
    }
}

/// Drops a write the server refused: the user has read why, and copied what they wrote if
/// they wanted it.
pub async fn discard(user: Uuid, write: Uuid) -> Result<(), CopyError> {
    let device = copy::open(user).await?;
    let change = Change::Delete {
        store: DECISIONS,
        key: write.to_string(),
    };
    device.write(&[DECISIONS], vec![change]).await?;
    kept::announce();
    Ok(())
}
