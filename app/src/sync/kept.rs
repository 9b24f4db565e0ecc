//! The screens' answers from the device's copy when the server cannot be reached, and the
//! writes made there: each shows in the copy at once and waits in the queue to be sent.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::copy::{self, DEALS, DECISIONS, QUEUE, TASKS};
use super::types::{FieldDeal, Queued, Write};
use crate::core::device::{Change, Device, DeviceError};
use crate::core::offline::{Kept, remembered};
use crate::deals::rank;
use crate::deals::tasks::types::Task;
use crate::deals::types::{Board, BoardQuery, Card, Column, Move, Whose};
use crate::error::AppError;

/// The name of the event the window hears when the queue changed: the frame counts it again
/// and tries to send it.
pub const QUEUED: &str = "banyan-queued";

/// A copy that cannot be read answers nothing: the screen says the server is needed.
fn unread(_: DeviceError) -> AppError {
    AppError::NotFound
}

/// The copy of whoever was last signed in on this device.
async fn device() -> Result<Device, AppError> {
    let user = remembered().ok_or(AppError::Unauthorized)?.user.id;
    copy::open(user).await.map_err(unread)
}

/// When each deal's earliest open task is due.
fn next_task(tasks: &[Task], deal: Uuid) -> Option<DateTime<Utc>> {
    tasks
        .iter()
        .filter(|t| !t.done && t.deal_id == Some(deal))
        .map(|t| t.due_at)
        .min()
}

/// Whether a deal passes the board's search and close dates, as the server reads them.
fn selected(deal: &FieldDeal, query: &BoardQuery) -> bool {
    let day = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    let close = deal.deal.expected_close;
    let after = day(&query.close_from).is_none_or(|from| close.is_some_and(|c| c >= from));
    let before = day(&query.close_to).is_none_or(|to| close.is_some_and(|c| c <= to));
    let needle = query.q.trim().to_lowercase();
    let found = needle.is_empty()
        || [
            Some(&deal.deal.title),
            deal.deal.contact_name.as_ref(),
            deal.deal.company_name.as_ref(),
        ]
        .into_iter()
        .flatten()
        .any(|text| text.to_lowercase().contains(&needle));
    after && before && found
}

/// The board of the user's own deals.
pub fn board(query: BoardQuery) -> Kept<Board> {
    Box::pin(async move {
        let device = device().await?;
        let settings = copy::settings(&device)
            .await
            .map_err(unread)?
            .ok_or(AppError::NotFound)?;
        let deals: Vec<FieldDeal> = copy::records(&device, DEALS).await.map_err(unread)?;
        let tasks: Vec<Task> = copy::records(&device, TASKS).await.map_err(unread)?;
        let names = settings
            .pipelines
            .iter()
            .map(|p| (p.id, p.name.clone()))
            .collect();
        let mut pipelines = settings.pipelines;
        let at = query
            .pipeline
            .and_then(|id| pipelines.iter().position(|p| p.id == id))
            .unwrap_or(0);
        if pipelines.is_empty() {
            return Err(AppError::NotFound);
        }
        let pipeline = pipelines.swap_remove(at);
        let mut shown: Vec<&FieldDeal> = deals
            .iter()
            .filter(|d| d.deal.pipeline_id == pipeline.id && selected(d, &query))
            .collect();
        shown.sort_by(|a, b| (&a.rank, a.deal.id).cmp(&(&b.rank, b.deal.id)));
        let rates = settings.rates;
        let columns = pipeline
            .stages
            .iter()
            .map(|stage| {
                let cards: Vec<Card> = shown
                    .iter()
                    .filter(|d| d.deal.stage.id == stage.id)
                    .map(|d| d.deal.card(next_task(&tasks, d.deal.id)))
                    .collect();
                Column {
                    stage: stage.clone(),
                    total: rates.total(
                        cards
                            .iter()
                            .map(|c| (c.amount.minor, c.amount.currency.as_str())),
                    ),
                    count: cards.len() as u64,
                    cards,
                    more: false,
                }
            })
            .collect();
        Ok(Board {
            pipeline,
            pipelines: names,
            columns,
            rates,
            whose: Whose::Mine,
            now: Utc::now(),
        })
    })
}

/// A card moved on the board: in the copy at once, and queued with the stage it left.
pub fn move_deal(id: Uuid, _version: i32, to: Move) -> Kept<Card> {
    Box::pin(async move {
        let device = device().await?;
        let deals: Vec<FieldDeal> = copy::records(&device, DEALS).await.map_err(unread)?;
        let tasks: Vec<Task> = copy::records(&device, TASKS).await.map_err(unread)?;
        let settings = copy::settings(&device)
            .await
            .map_err(unread)?
            .ok_or(AppError::NotFound)?;
        let mut moved = deals
            .iter()
            .find(|d| d.deal.id == id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let stage = settings
            .pipelines
            .iter()
            .flat_map(|p| &p.stages)
            .find(|s| s.id == to.stage_id)
            .ok_or(AppError::NotFound)?;
        let rank_of = |neighbour: Option<Uuid>| {
            neighbour
                .and_then(|n| deals.iter().find(|d| d.deal.id == n))
                .map(|d| d.rank.as_str())
        };
        let from = moved.deal.stage.id;
        moved.rank = rank::between(rank_of(to.after), rank_of(to.before));
        if from != stage.id {
            moved.deal.stage = stage.clone();
            moved.deal.status = stage.kind;
            moved.deal.stage_entered_at = Utc::now();
        }
        let write = Write::MoveDeal { deal: id, from, to };
        queue(&device, write, vec![copy::deal(&moved)]).await?;
        Ok(moved.deal.card(next_task(&tasks, id)))
    })
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
    device
        .write(&[DEALS, QUEUE, DECISIONS], changes)
        .await
        .map_err(|e| AppError::Transport(format!("{e:?}")))?;
    announce();
    Ok(())
}

/// Tells the frame that what waits on the device changed.
pub(super) fn announce() {
    if let Ok(event) = web_sys::Event::new(QUEUED) {
        let _ = leptos::prelude::window().dispatch_event(&event);
    }
}
