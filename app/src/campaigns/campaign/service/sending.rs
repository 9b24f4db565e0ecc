//! Starting and pacing a campaign. When its time comes the audience is evaluated and frozen
//! into one row per contact, the contacts left out counted by why; each queued recipient's
//! message is then put in the outbox at a time spaced out by the throttle. Resuming after a
//! pause queues what is left afresh under a new run, which the messages of the old run, still
//! waiting in the outbox, no longer match.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::super::entity::{campaign, recipient};
use super::super::types::Status;
use super::mail::{EXCLUDED, QUEUED, exclusion};
use crate::core::events::{CampaignRun, Due, Event};
use crate::core::records;
use crate::core::{audit, outbox};
use crate::customers::entity::contact;
use crate::customers::segments::service as segments;
use crate::error::AppError;

/// The outbox topic that starts a scheduled campaign when its time comes.
pub const START: &str = "campaign.start";

/// Rows read or written per statement.
const CHUNK: usize = 500;

/// When the `index`th message of a run begun at `from` is due, at `per_minute`.
pub fn due_at(from: DateTime<Utc>, index: usize, per_minute: i32) -> DateTime<Utc> {
    let per_minute = i64::from(Ord::max(per_minute, 1));
    from + TimeDelta::milliseconds(60_000 * index as i64 / per_minute)
}

/// Queues the messages of `rows` (in sending order) for `run`, from `from` on.
pub(crate) async fn queue<C: ConnectionTrait>(
    conn: &C,
    rows: &[Uuid],
    run: i32,
    per_minute: i32,
    from: DateTime<Utc>,
) -> Result<(), AppError> {
    let events: Vec<Due> = rows
        .iter()
        .enumerate()
        .map(|(i, &id)| {
            let message = Event::CampaignMail(CampaignRun { id, run });
            (message, due_at(from, i, per_minute))
        })
        .collect();
    outbox::enqueue_at(conn, &events).await
}

/// Starts the campaign the event names if it is still scheduled for that run: freezes its
/// audience, as the user who scheduled it sees the segment now, and queues the messages.
pub async fn start(
    conn: &DatabaseConnection,
    event: CampaignRun,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(model) = campaign::Entity::find_by_id(event.id).one(conn).await? else {
        return Ok(());
    };
    if model.status != Status::Scheduled.as_str() || model.run != event.run {
        return Ok(());
    }
    let actor = match model.scheduled_by {
        Some(id) => crate::core::users::acting(conn, id).await?,
        None => None,
    };
    let audience = match (actor, model.segment_id) {
        (Some(actor), Some(segment)) => segments::members_now(conn, &actor, segment).await?,
        // Whoever scheduled it left, or its segment was deleted: nobody is mailed.
        _ => Vec::new(),
    };
    let mut contacts = Vec::with_capacity(audience.len());
    for chunk in audience.chunks(CHUNK) {
        contacts.extend(
            contact::Entity::find()
                .filter(contact::Column::Id.is_in(chunk.iter().copied()))
                .all(conn)
                .await?,
        );
    }
    // Sending order: by name, so a paused campaign has mailed a predictable part.
    contacts.sort_by(|a, b| a.sort_name.cmp(&b.sort_name).then(a.id.cmp(&b.id)));

    let txn = crate::core::db::write(conn).await?;
    let Some(model) = campaign::Entity::find_by_id(event.id).one(&txn).await? else {
        return Ok(());
    };
    if model.status != Status::Scheduled.as_str() || model.run != event.run {
        return Ok(());
    }
    let mut queued = Vec::new();
    let mut rows = Vec::with_capacity(contacts.len());
    for (position, contact) in contacts.iter().enumerate() {
        let id = Uuid::now_v7();
        let why = exclusion(contact);
        if why.is_none() {
            queued.push(id);
        }
        rows.push(recipient::ActiveModel {
            id: Set(id),
            campaign_id: Set(model.id),
            contact_id: Set(contact.id),
            email: Set(contact.email.clone()),
            status: Set(if why.is_some() { EXCLUDED } else { QUEUED }.to_owned()),
            excluded: Set(why.map(|w| w.as_str().to_owned())),
            position: Set(position as i32),
            message_id: Set(None),
            sent_at: Set(None),
            error: Set(None),
            unsubscribed_at: Set(None),
        });
    }
    for chunk in rows.chunks(CHUNK) {
        recipient::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    queue(&txn, &queued, model.run, model.per_minute, now).await?;
    let status = if queued.is_empty() {
        Status::Sent
    } else {
        Status::Sending
    };
    let id = model.id;
    campaign::ActiveModel {
        status: Set(status.as_str().to_owned()),
        started_at: Set(Some(now)),
        finished_at: Set(queued.is_empty().then_some(now)),
        version: Set(model.version + 1),
        updated_at: Set(now),
        ..model.into()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry::new(None, "campaign.start", "campaign", Some(id)).changes(json!({
            "audience": contacts.len(),
            "queued": queued.len(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The recipients still to mail, in sending order.
pub(crate) async fn still_queued<C: ConnectionTrait>(
    conn: &C,
    campaign: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    Ok(recipient::Entity::find()
        .select_only()
        .column(recipient::Column::Id)
        .filter(recipient::Column::CampaignId.eq(campaign))
        .filter(recipient::Column::Status.eq(QUEUED))
        .order_by_asc(recipient::Column::Position)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Marks a sending campaign sent once nobody is left in its queue.
pub(crate) async fn finish_if_done<C: ConnectionTrait>(
    conn: &C,
    campaign: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // One row answers whether any is left; counting them all at every message would make
    // sending a campaign quadratic in its size.
    let left = recipient::Entity::find()
        .select_only()
        .column(recipient::Column::Id)
        .filter(recipient::Column::CampaignId.eq(campaign))
        .filter(recipient::Column::Status.eq(QUEUED))
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    if left.is_none() {
        records::bumped(campaign::Entity::update_many(), now)
            .col_expr(campaign::Column::Status, Expr::value(Status::Sent.as_str()))
            .col_expr(campaign::Column::FinishedAt, Expr::value(now))
            .filter(campaign::Column::Id.eq(campaign))
            .filter(campaign::Column::Status.eq(Status::Sending.as_str()))
            .exec(conn)
            .await?;
    }
    Ok(())
}
