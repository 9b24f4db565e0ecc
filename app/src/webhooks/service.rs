//! Subscribing, pausing and removing webhooks; handing events to them; the deliveries the
//! sender claims and records; the log an owner reads and sends again from.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::address::{self, Unreachable};
use super::entity::{delivery, webhook};
use super::signature::new_secret;
use super::types::{CreatedWebhook, Delivery, DeliveryStatus, TOPICS, Webhook, WebhookForm};
use crate::core::actor::Actor;
use crate::core::outbox::Stored;
use crate::core::policy::{Action, require};
use crate::core::records::{find_or_404, update_versioned};
use crate::core::signing::SecretKey;
use crate::core::{audit, db, parse};
use crate::error::{AppError, FieldCheck, Invalid};

const DESCRIPTION: usize = 200;
/// How much of a receiver's answer the log keeps.
const RESPONSE: usize = 2000;
/// The log shows this many of a subscription's latest deliveries.
const LOG: u64 = 50;

/// How long a finished delivery is kept for the log: each carries its event's body, and a busy
/// workspace makes thousands a day.
pub const KEPT: TimeDelta = TimeDelta::days(30);

/// The pauses after each failed attempt, in seconds: quick at first (a receiver restarting),
/// then hours apart, so that a receiver down overnight still gets its events, about 28 hours
/// after the first attempt at the last. The outbox's mail backoff gives up within the hour.
const PAUSES: [i64; 7] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/// Attempts before a delivery fails for good.
pub const ATTEMPTS: i32 = PAUSES.len() as i32 + 1;

/// How long a delivery waits after its `attempts`-th failed attempt; `None` once it has had
/// them all.
pub fn retry_after(attempts: i32) -> Option<TimeDelta> {
    let index = usize::try_from(attempts).ok()?.checked_sub(1)?;
    PAUSES.get(index).map(|&secs| TimeDelta::seconds(secs))
}

fn to_webhook(model: webhook::Model) -> Webhook {
    Webhook {
        topics: model.topics.split(',').map(str::to_owned).collect(),
        id: model.id,
        url: model.url,
        description: model.description,
        active: model.active,
        allow_private: model.allow_private,
        created_at: model.created_at,
        version: model.version,
    }
}

fn to_delivery(model: delivery::Model) -> Delivery {
    Delivery {
        status: DeliveryStatus::parse(&model.status).unwrap_or(DeliveryStatus::Pending),
        id: model.id,
        topic: model.topic,
        attempts: model.attempts,
        created_at: model.created_at,
        last_attempt_at: model.last_attempt_at,
        next_at: model.next_at,
        response_status: model.response_status,
        response: model.response,
    }
}

/// What the secret is sealed for: the subscription's own row.
fn label(id: Uuid) -> String {
    format!("webhook:{id}")
}

/// A new subscription of `form.url` to `form.topics`, and the secret to give its receiver.
pub async fn create(
    conn: &DatabaseConnection,
    actor: &Actor,
    key: &SecretKey,
    form: &WebhookForm,
    now: DateTime<Utc>,
) -> Result<CreatedWebhook, AppError> {
    require(conn, actor, Action::ManageSettings, "webhook.create").await?;
    let mut check = FieldCheck::default();
    let url = check.check("url", address::parse(&form.url));
    let description = check.check(
        "description",
        parse::optional_text(&form.description, DESCRIPTION),
    );
    let mut topics: Vec<&str> = Vec::new();
    for topic in &form.topics {
        match TOPICS.iter().find(|known| **known == topic.as_str()) {
            Some(known) if !topics.contains(known) => topics.push(known),
            Some(_) => {}
            None => check.refuse("topics", Invalid::Choice),
        }
    }
    if form.topics.is_empty() {
        check.refuse("topics", Invalid::Required);
    }
    // A name that does not resolve now may later; one that resolves inside is refused now,
    // where the owner can still tick the box, not at the first delivery.
    if let Some(url) = &url
        && let Err(Unreachable::Private(_)) = address::resolve(url, form.allow_private).await
    {
        check.refuse("url", Invalid::PrivateAddress);
    }
    let (Some(url), Some(description)) = (url, description) else {
        return Err(check.into_error());
    };
    check.finish()?;
    let id = Uuid::now_v7();
    let secret = new_secret()?;
    // Topics in the order of the list, so that a subscription reads the same however it was
    // ticked.
    let topics: Vec<&str> = TOPICS.into_iter().filter(|t| topics.contains(t)).collect();
    let model = webhook::ActiveModel {
        id: Set(id),
        url: Set(url.to_string()),
        description: Set(description.unwrap_or_default()),
        topics: Set(topics.join(",")),
        secret: Set(key.seal(&label(id), secret.as_bytes())?),
        active: Set(true),
        allow_private: Set(form.allow_private),
        created_by: Set(Some(actor.user.id)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let txn = db::write(conn).await?;
    let model = model.insert(&txn).await?;
    let entry = audit::Entry::new(Some(actor.user.id), "webhook.create", "webhook", Some(id))
        .changes(
            json!({ "url": model.url, "topics": topics, "allow_private": form.allow_private }),
        );
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(CreatedWebhook {
        webhook: to_webhook(model),
        secret,
    })
}

/// Every subscription, newest first.
pub async fn list<C: ConnectionTrait>(conn: &C, actor: &Actor) -> Result<Vec<Webhook>, AppError> {
    require(conn, actor, Action::ManageSettings, "webhook.read").await?;
    let models = webhook::Entity::find()
        .order_by_desc(webhook::Column::CreatedAt)
        .all(conn)
        .await?;
    Ok(models.into_iter().map(to_webhook).collect())
}

/// Pauses a subscription (no new deliveries; those under way go on) or resumes it, at the
/// version the owner saw.
pub async fn set_active(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    active: bool,
    version: i32,
    now: DateTime<Utc>,
) -> Result<Webhook, AppError> {
    require(conn, actor, Action::ManageSettings, "webhook.update").await?;
    let txn = db::write(conn).await?;
    let update =
        webhook::Entity::update_many().col_expr(webhook::Column::Active, Expr::value(active));
    let current = async || {
        Ok(to_webhook(
            find_or_404::<webhook::Entity, _>(&txn, id).await?,
        ))
    };
    update_versioned(&txn, update, id, version, now, current).await?;
    let entry = audit::Entry::new(Some(actor.user.id), "webhook.update", "webhook", Some(id))
        .changes(json!({ "active": [!active, active] }));
    audit::record(&txn, entry).await?;
    let webhook = to_webhook(find_or_404::<webhook::Entity, _>(&txn, id).await?);
    txn.commit().await?;
    Ok(webhook)
}

/// Removes a subscription and its log: nothing more is sent to it.
pub async fn delete(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    require(conn, actor, Action::ManageSettings, "webhook.delete").await?;
    let txn = db::write(conn).await?;
    let gone = find_or_404::<webhook::Entity, _>(&txn, id).await?;
    // The deliveries go first: SQLite enforces the foreign key's cascade only when asked to.
    delivery::Entity::delete_many()
        .filter(delivery::Column::WebhookId.eq(id))
        .exec(&txn)
        .await?;
    webhook::Entity::delete_by_id(id).exec(&txn).await?;
    let entry = audit::Entry::new(Some(actor.user.id), "webhook.delete", "webhook", Some(id))
        .changes(json!({ "url": gone.url }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// A subscription's latest deliveries, newest first.
pub async fn deliveries<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    webhook_id: Uuid,
) -> Result<Vec<Delivery>, AppError> {
    require(conn, actor, Action::ManageSettings, "webhook.read").await?;
    find_or_404::<webhook::Entity, _>(conn, webhook_id).await?;
    let models = delivery::Entity::find()
        .filter(delivery::Column::WebhookId.eq(webhook_id))
        .order_by_desc(delivery::Column::CreatedAt)
        .order_by_desc(delivery::Column::Id)
        .limit(LOG)
        .all(conn)
        .await?;
    Ok(models.into_iter().map(to_delivery).collect())
}

/// Sends a delivery again, now, with its attempts counted afresh: after the receiver was
/// mended, or to replay one it lost. The body and its `webhook-id` stay the same, so a receiver
/// that keys on the id sees a repeat, not a new event.
pub async fn send_again(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Delivery, AppError> {
    require(conn, actor, Action::ManageSettings, "webhook.resend").await?;
    let txn = db::write(conn).await?;
    let found = find_or_404::<delivery::Entity, _>(&txn, id).await?;
    let model = delivery::ActiveModel {
        id: Set(id),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_at: Set(now),
        locked_until: Set(None),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let entry = audit::Entry::new(
        Some(actor.user.id),
        "webhook.resend",
        "webhook",
        Some(found.webhook_id),
    )
    .changes(json!({ "delivery": id, "topic": found.topic }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(to_delivery(model))
}

/// Writes one delivery of `event` for each active subscription that wants its topic; returns
/// how many are new. Handed the same event again (the outbox delivers at least once), it adds
/// none.
pub async fn fan_out<C: ConnectionTrait>(conn: &C, event: &Stored) -> Result<u64, AppError> {
    let wanting: Vec<webhook::Model> = webhook::Entity::find()
        .filter(webhook::Column::Active.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .filter(|hook| hook.topics.split(',').any(|t| t == event.topic))
        .collect();
    if wanting.is_empty() {
        return Ok(0);
    }
    // The envelope of Standard Webhooks: what happened, when, and the event's own fields.
    let at = event.created_at;
    let body = json!({ "type": event.topic, "timestamp": at, "data": event.payload }).to_string();
    let rows = wanting.into_iter().map(|hook| delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        webhook_id: Set(hook.id),
        event_id: Set(event.id),
        topic: Set(event.topic.clone()),
        body: Set(body.clone()),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        created_at: Set(at),
        next_at: Set(at),
        locked_until: Set(None),
        last_attempt_at: Set(None),
        response_status: Set(None),
        response: Set(None),
    });
    let added = delivery::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([delivery::Column::WebhookId, delivery::Column::EventId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(added)
}

/// A delivery claimed for one attempt, with what the sender needs to make it.
#[derive(Clone, Debug)]
pub struct Due {
    pub id: Uuid,
    /// The outbox event's id: the `webhook-id` header.
    pub event_id: Uuid,
    pub url: String,
    pub allow_private: bool,
    /// The secret to sign with; `None` when it cannot be opened (the key file was replaced
    /// without the old key), which fails the attempt in words.
    pub secret: Option<String>,
    pub body: String,
    pub attempts: i32,
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .add(delivery::Column::NextAt.lte(now))
        .add(
            Condition::any()
                .add(delivery::Column::LockedUntil.is_null())
                .add(delivery::Column::LockedUntil.lt(now)),
        )
}

/// Claims up to `limit` due deliveries for `lease`, as the outbox claims its events: a second
/// sender (another server) cannot take them until the lease runs out.
pub async fn claim_due<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    now: DateTime<Utc>,
    limit: u64,
    lease: TimeDelta,
) -> Result<Vec<Due>, AppError> {
    let found = delivery::Entity::find()
        .filter(due(now))
        .order_by_asc(delivery::Column::NextAt)
        .limit(limit)
        .all(conn)
        .await?;
    let mut claimed = Vec::with_capacity(found.len());
    for row in found {
        let won = delivery::Entity::update_many()
            .col_expr(delivery::Column::LockedUntil, Expr::value(now + lease))
            .filter(delivery::Column::Id.eq(row.id))
            .filter(due(now))
            .exec(conn)
            .await?
            .rows_affected
            == 1;
        if !won {
            continue;
        }
        let Some(hook) = webhook::Entity::find_by_id(row.webhook_id)
            .one(conn)
            .await?
        else {
            continue;
        };
        let secret = key
            .open(&label(hook.id), &hook.secret)
            .and_then(|bytes| String::from_utf8(bytes).ok());
        claimed.push(Due {
            id: row.id,
            event_id: row.event_id,
            url: hook.url,
            allow_private: hook.allow_private,
            secret,
            body: row.body,
            attempts: row.attempts,
        });
    }
    Ok(claimed)
}

/// How an attempt went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver answered with this status and body.
    Answered { status: u16, body: String },
    /// No answer: the connection failed, timed out, or the address was refused.
    NoAnswer(String),
}

/// Records an attempt: a 2xx answer delivers it; anything else waits for its pause, until its
/// attempts run out and the delivery fails for good.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    due: &Due,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<DeliveryStatus, AppError> {
    let (code, response, ok) = match attempt {
        Attempt::Answered { status, body } => (
            Some(i32::from(*status)),
            body.chars().take(RESPONSE).collect::<String>(),
            (200..300).contains(status),
        ),
        Attempt::NoAnswer(why) => (None, why.clone(), false),
    };
    let attempts = due.attempts + 1;
    let pause = retry_after(attempts);
    let status = match (ok, pause) {
        (true, _) => DeliveryStatus::Delivered,
        (false, Some(_)) => DeliveryStatus::Pending,
        (false, None) => DeliveryStatus::Failed,
    };
    delivery::ActiveModel {
        id: Set(due.id),
        status: Set(status.as_str().to_owned()),
        attempts: Set(attempts),
        next_at: Set(now + pause.unwrap_or_default()),
        locked_until: Set(None),
        last_attempt_at: Set(Some(now)),
        response_status: Set(code),
        response: Set(Some(response)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(status)
}

/// Seals every subscription's secret anew under `new`: what a rotation of the secret key does.
pub async fn reseal<C: ConnectionTrait>(
    conn: &C,
    old: &SecretKey,
    new: &SecretKey,
) -> Result<u64, AppError> {
    let rows = webhook::Entity::find().all(conn).await?;
    let count = rows.len() as u64;
    for row in rows {
        let sealed = old.reseal(new, &label(row.id), &row.secret)?;
        webhook::Entity::update_many()
            .col_expr(webhook::Column::Secret, Expr::value(sealed))
            .filter(webhook::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
    }
    Ok(count)
}

/// Removes the deliveries that finished (delivered, or failed for good) before `before`;
/// returns how many. Those still pending stay, however old.
pub async fn prune<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64, AppError> {
    let finished = [DeliveryStatus::Delivered, DeliveryStatus::Failed].map(DeliveryStatus::as_str);
    let gone = delivery::Entity::delete_many()
        .filter(delivery::Column::Status.is_in(finished))
        .filter(delivery::Column::CreatedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(gone.rows_affected)
}
