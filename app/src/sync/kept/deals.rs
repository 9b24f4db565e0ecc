//! The board, a deal and its edit form, from the copy.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{device, queue, settings, unread};
use crate::core::device::Device;
use crate::core::offline::{Kept, remembered};
use crate::core::parse;
use crate::deals::rank;
use crate::deals::tasks::types::Task;
use crate::deals::types::{
    Board, BoardQuery, Card, Column, Deal, DealForm, Move, NewDeal, Whose, parse_amount,
    parse_close, parse_currency,
};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::sync::copy::{self, DEALS, TASKS};
use crate::sync::types::{Change as Edited, DealEdit, FieldDeal, Write};

/// When each deal's earliest open task is due.
pub(super) fn next_task(tasks: &[Task], deal: Uuid) -> Option<DateTime<Utc>> {
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
        let settings = settings(&device).await?;
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
        let settings = settings(&device).await?;
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

/// A deal as the copy keeps it.
pub(super) async fn held(device: &Device, id: Uuid) -> Result<FieldDeal, AppError> {
    copy::record(device, DEALS, &id.to_string())
        .await
        .map_err(unread)?
        .ok_or(AppError::NotFound)
}

pub fn deal(id: Uuid) -> Kept<Deal> {
    Box::pin(async move { Ok(held(&device().await?, id).await?.deal) })
}

/// A field the user changed, from the value the copy showed them.
fn changed<T: Clone + PartialEq>(was: &T, now: &T) -> Option<Edited<T>> {
    (was != now).then(|| Edited {
        from: was.clone(),
        to: now.clone(),
    })
}

/// A deal's title, amount and expected close as the user saved them offline: in the copy at
/// once, and queued with the values they replaced, for the server to tell whose change is
/// whose.
pub fn edit_deal(id: Uuid, form: DealForm) -> Kept<Deal> {
    Box::pin(async move {
        let device = device().await?;
        let mut kept = held(&device, id).await?;
        let was = kept.deal.clone();
        let mut check = FieldCheck::default();
        let title = check.check("title", parse::text(&form.title, 200));
        let currency = check.check(
            "currency",
            parse_currency(&form.currency, &was.amount.currency),
        );
        let amount = currency
            .as_deref()
            .and_then(|c| check.check("amount", parse_amount(&form.amount, c)));
        let close = check.check("expected_close", parse_close(&form.expected_close));
        let (Some(title), Some(amount), Some(close)) = (title, amount, close) else {
            return Err(check.into_error());
        };
        let edit = DealEdit {
            title: changed(&was.title, &title),
            amount: changed(&was.amount, &amount),
            expected_close: changed(&was.expected_close, &close),
        };
        if edit == DealEdit::default() {
            return Ok(was);
        }
        (kept.deal.title, kept.deal.amount, kept.deal.expected_close) = (title, amount, close);
        let write = Write::EditDeal { deal: id, edit };
        queue(&device, write, vec![copy::deal(&kept)]).await?;
        Ok(kept.deal)
    })
}

/// A deal added offline at the top of its stage's column: its id made here, owned by its
/// maker, in the workspace's currency unless another is given.
pub fn add_deal(form: NewDeal) -> Kept<Card> {
    Box::pin(async move {
        let viewer = remembered().ok_or(AppError::Unauthorized)?;
        let device = device().await?;
        let settings = settings(&device).await?;
        let (pipeline, stage) = settings
            .pipelines
            .iter()
            .find_map(|p| Some((p.id, p.stages.iter().find(|s| s.id == form.stage_id)?)))
            .ok_or_else(|| AppError::invalid("stage_id", Invalid::Choice))?;
        let mut check = FieldCheck::default();
        let title = check.check("title", parse::text(&form.title, 200));
        let currency = check.check(
            "currency",
            parse_currency(&form.currency, &viewer.base_currency),
        );
        let amount = currency
            .as_deref()
            .and_then(|c| check.check("amount", parse_amount(&form.amount, c)));
        let (Some(title), Some(amount)) = (title, amount) else {
            return Err(check.into_error());
        };
        let deals: Vec<FieldDeal> = copy::records(&device, DEALS).await.map_err(unread)?;
        let top = deals
            .iter()
            .filter(|d| d.deal.stage.id == stage.id)
            .map(|d| d.rank.as_str())
            .min();
        let (id, now) = (Uuid::now_v7(), Utc::now());
        let added = FieldDeal {
            deal: Deal {
                id,
                title,
                amount,
                expected_close: None,
                pipeline_id: pipeline,
                stage: stage.clone(),
                contact_id: form.contact_id,
                contact_name: None,
                company_id: None,
                company_name: None,
                owner_id: Some(viewer.user.id),
                owner_name: Some(viewer.user.name),
                status: stage.kind,
                close_reason: None,
                stage_entered_at: now,
                closed_at: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
            rank: rank::between(None, top),
        };
        let write = Write::AddDeal {
            deal: NewDeal {
                id: Some(id),
                ..form
            },
        };
        queue(&device, write, vec![copy::deal(&added)]).await?;
        Ok(added.deal.card(None))
    })
}
