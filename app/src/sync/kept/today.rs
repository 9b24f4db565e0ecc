//! Today from the copy: what a rep can see of it without the server.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::deals::next_task;
use super::tasks::open_tasks;
use super::{device, unread, zone};
use crate::core::actor::User;
use crate::core::device::Device;
use crate::core::offline::{Kept, remembered};
use crate::core::policy::{self, Action, Rules};
use crate::customers::history::types::{Called, HistoryItem, Interaction, InteractionKind};
use crate::deals::tasks::types::{Task, TaskGroups};
use crate::deals::types::{Deal, Stage, StageKind, TODAY_DEALS, next_month, rotting};
use crate::error::AppError;
use crate::sync::copy::{self, DEALS};
use crate::sync::types::FieldDeal;
use crate::today::types::{CALLED_LATELY, Selling, Today};

/// Today from the copy: the user's tasks due, their deals closing this month and stalled, and
/// whom they called last.
pub fn today() -> Kept<Today> {
    Box::pin(async move {
        let viewer = remembered().ok_or(AppError::Unauthorized)?;
        let device = device().await?;
        let now = Utc::now();
        let zone = zone();
        let open = open_tasks(&device).await?;
        let sells = policy::allows(&viewer.user, Action::CreateDeal, Rules::default());
        let selling = match sells {
            true => Some(selling(&device, &viewer.user, &open, now, zone).await?),
            false => None,
        };
        let TaskGroups { overdue, today, .. } = TaskGroups::of(open, now, zone);
        Ok(Today {
            now,
            tasks: [overdue, today].concat(),
            selling,
            tickets: None,
            figures: None,
        })
    })
}

async fn selling(
    device: &Device,
    me: &User,
    tasks: &[Task],
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Selling, AppError> {
    let deals: Vec<FieldDeal> = copy::records(device, DEALS).await.map_err(unread)?;
    let mine: Vec<&Deal> = deals
        .iter()
        .map(|d| &d.deal)
        .filter(|d| d.owner_id == Some(me.id) && d.status == StageKind::Open)
        .collect();
    let next = next_month(now.with_timezone(&zone).date_naive());
    let mut closing: Vec<&Deal> = mine
        .iter()
        .copied()
        .filter(|d| d.expected_close.is_some_and(|c| c < next))
        .collect();
    closing.sort_by_key(|d| (d.expected_close, d.id));
    let mut stalled: Vec<&Deal> = mine
        .iter()
        .copied()
        .filter(|d| rotting(&d.stage, d.stage_entered_at, now))
        .collect();
    stalled.sort_by_key(|d| (d.stage_entered_at, d.id));
    let card = |d: &&Deal| d.card(next_task(tasks, d.id));
    let mut stages: Vec<Stage> = stalled.iter().map(|d| d.stage.clone()).collect();
    stages.sort_by_key(|s| s.id);
    stages.dedup_by_key(|s| s.id);
    Ok(Selling {
        closing: closing.iter().take(TODAY_DEALS).map(card).collect(),
        stalled: stalled.iter().take(TODAY_DEALS).map(card).collect(),
        stages,
        called: called(device, me).await?,
    })
}

/// The customers the user logged calls with last, as far as the copy's history tells.
async fn called(device: &Device, me: &User) -> Result<Vec<Called>, AppError> {
    let history: Vec<HistoryItem> = copy::records(device, copy::HISTORY).await.map_err(unread)?;
    let mut calls: Vec<&Interaction> = history
        .iter()
        .filter_map(|item| match item {
            HistoryItem::Interaction(i) => Some(i),
            HistoryItem::Order(_) => None,
        })
        .filter(|i| i.kind == InteractionKind::Call && i.user_name.as_ref() == Some(&me.name))
        .collect();
    calls.sort_by_key(|i| std::cmp::Reverse(i.occurred_at));
    let mut called: Vec<Called> = Vec::new();
    for call in calls {
        if called.len() == CALLED_LATELY {
            break;
        }
        if called.iter().any(|c| c.contact_id == call.contact_id) {
            continue;
        }
        if let Ok(contact) = copy::kept_contact(device, call.contact_id).await {
            called.push(Called {
                contact_id: contact.id,
                name: contact.name,
                phone: contact.phone,
                at: call.occurred_at,
            });
        }
    }
    Ok(called)
}
