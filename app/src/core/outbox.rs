//! The outbox: events for the outside world, stored with the change that caused them.
//!
//! A service calls [`enqueue`] inside its transaction, so an event exists exactly when its change
//! does. The server's job worker then [`claim_due`]s events, hands them to handlers, and marks
//! each one delivered or failed; a failure is retried with exponential backoff until
//! [`MAX_ATTEMPTS`], then the event is kept as dead for an owner to see. Delivery is
//! at-least-once: a handler may see an event again after a crash, so it keys its effects on the
//! event id.

pub mod entity;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::Value;
use uuid::Uuid;

use self::entity::{ActiveModel, Column, Entity};
use super::events::{Due, Event};
use crate::error::AppError;

/// Attempts before an event is given up as dead.
pub const MAX_ATTEMPTS: i32 = 10;

/// An event claimed for delivery, as stored: a row written by an older build may carry a
/// topic this one no longer knows, and still reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub id: Uuid,
    pub topic: String,
    pub payload: Value,
    /// Failed attempts so far.
    pub attempts: i32,
    /// When the change it announces happened.
    pub created_at: DateTime<Utc>,
}

impl From<entity::Model> for Stored {
    fn from(row: entity::Model) -> Self {
        Stored {
            id: row.id,
            topic: row.topic,
            payload: row.payload,
            attempts: row.attempts,
            created_at: row.created_at,
        }
    }
}

impl Stored {
    /// The typed event, or why it cannot be read.
    pub fn event(&self) -> Result<Event, String> {
        Event::read(&self.topic, &self.payload)
            .map_err(|err| format!("unreadable {} event: {err}", self.topic))
    }
}

/// What is waiting in the outbox, for the status screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlog {
    pub pending: u64,
    pub dead: u64,
}

/// Stores an event; call it on the transaction of the change the event announces.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, event: &Event) -> Result<Uuid, AppError> {
    let stored = row(event, Utc::now())?.insert(conn).await?;
    Ok(stored.id)
}

/// Stores events that come due at the times given, a chunk per statement: a campaign queues
/// one per recipient, spaced out by its throttle.
pub async fn enqueue_at<C: ConnectionTrait>(conn: &C, events: &[Due]) -> Result<(), AppError> {
    for chunk in events.chunks(500) {
        let rows = chunk
            .iter()
            .map(|(event, at)| row(event, *at))
            .collect::<Result<Vec<_>, _>>()?;
        Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

fn row(event: &Event, at: DateTime<Utc>) -> Result<ActiveModel, AppError> {
    Ok(ActiveModel {
        id: Set(Uuid::now_v7()),
        topic: Set(event.topic().to_owned()),
        payload: Set(event.payload().map_err(AppError::internal)?),
        created_at: Set(Utc::now()),
        available_at: Set(at),
        attempts: Set(0),
        last_error: Set(None),
        locked_until: Set(None),
        delivered_at: Set(None),
        dead_at: Set(None),
    })
}

fn unlocked(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(Column::LockedUntil.is_null())
        .add(Column::LockedUntil.lt(now))
}

fn live() -> Condition {
    Condition::all()
        .add(Column::DeliveredAt.is_null())
        .add(Column::DeadAt.is_null())
}

/// Claims up to `limit` due events for `lease`; another worker cannot claim them until the
/// lease runs out, which also frees the events of a worker that crashed.
pub async fn claim_due<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    limit: u64,
    lease: TimeDelta,
) -> Result<Vec<Stored>, AppError> {
    let due = Entity::find()
        .filter(live())
        .filter(Column::AvailableAt.lte(now))
        .filter(unlocked(now))
        .order_by_asc(Column::AvailableAt)
        .limit(limit)
        .all(conn)
        .await?;
    let mut claimed = Vec::with_capacity(due.len());
    for event in due {
        // The conditional update is the lock: of two workers racing, one changes the row.
        let won = Entity::update_many()
            .col_expr(Column::LockedUntil, Expr::value(now + lease))
            .filter(Column::Id.eq(event.id))
            .filter(live())
            .filter(unlocked(now))
            .exec(conn)
            .await?
            .rows_affected
            == 1;
        if won {
            claimed.push(Stored::from(event));
        }
    }
    Ok(claimed)
}

pub async fn mark_delivered<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    Entity::update_many()
        .col_expr(Column::DeliveredAt, Expr::value(now))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// What became of an event after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    At(DateTime<Utc>),
    GaveUp,
}

/// Records a failed attempt and schedules the next one, or gives up after [`MAX_ATTEMPTS`].
pub async fn mark_failed<C: ConnectionTrait>(
    conn: &C,
    event: &Stored,
    error: &str,
    now: DateTime<Utc>,
) -> Result<Retry, AppError> {
    let attempts = event.attempts + 1;
    let retry = if attempts >= MAX_ATTEMPTS {
        Retry::GaveUp
    } else {
        Retry::At(now + backoff(attempts))
    };
    let update = Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .col_expr(Column::LastError, Expr::value(error.to_owned()))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    let update = match retry {
        Retry::At(at) => update.col_expr(Column::AvailableAt, Expr::value(at)),
        Retry::GaveUp => update.col_expr(Column::DeadAt, Expr::value(now)),
    };
    update.filter(Column::Id.eq(event.id)).exec(conn).await?;
    Ok(retry)
}

/// 5 s after the first failure, doubling each time, never more than six hours.
pub fn backoff(attempts: i32) -> TimeDelta {
    let exponent = std::cmp::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 20);
    std::cmp::min(
        TimeDelta::seconds(5 * 2_i64.pow(exponent)),
        TimeDelta::hours(6),
    )
}

pub async fn backlog<C: ConnectionTrait>(conn: &C) -> Result<Backlog, AppError> {
    let pending = Entity::find().filter(live()).count(conn).await?;
    let dead = Entity::find()
        .filter(Column::DeadAt.is_not_null())
        .count(conn)
        .await?;
    Ok(Backlog { pending, dead })
}

#[cfg(test)]
mod tests {
    use sea_orm::{DatabaseConnection, TransactionTrait};
    use serde_json::json;

    use super::*;
    use crate::core::events::{ContactChange, Record};
    use crate::db_test;

    fn created(name: &str) -> Event {
        Event::ContactCreated(ContactChange {
            id: Uuid::from_u128(1),
            name: name.into(),
            version: 1,
            form: None,
        })
    }

    const LEASE: TimeDelta = TimeDelta::seconds(30);

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), TimeDelta::seconds(5));
        assert_eq!(backoff(2), TimeDelta::seconds(10));
        assert_eq!(backoff(4), TimeDelta::seconds(40));
        assert_eq!(backoff(30), TimeDelta::hours(6));
    }

    async fn an_event_exists_only_if_its_transaction_commits(conn: &DatabaseConnection) {
        let txn = conn.begin().await.unwrap();
        enqueue(&txn, &created("张伟")).await.unwrap();
        txn.rollback().await.unwrap();
        assert_eq!(
            backlog(conn).await.unwrap(),
            Backlog {
                pending: 0,
                dead: 0
            }
        );

        let txn = conn.begin().await.unwrap();
        let id = enqueue(&txn, &created("张伟")).await.unwrap();
        txn.commit().await.unwrap();
        let claimed = claim_due(conn, Utc::now(), 10, LEASE).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].id, id);
        assert_eq!(claimed[0].topic, "contact.created");
        assert_eq!(claimed[0].payload["name"], json!("张伟"));
        assert_eq!(claimed[0].event(), Ok(created("张伟")));
    }
    db_test!(an_event_exists_only_if_its_transaction_commits);

    async fn a_claimed_event_is_not_claimed_twice_until_its_lease_ends(conn: &DatabaseConnection) {
        enqueue(conn, &created("张伟")).await.unwrap();
        let now = Utc::now();
        assert_eq!(claim_due(conn, now, 10, LEASE).await.unwrap().len(), 1);
        assert!(claim_due(conn, now, 10, LEASE).await.unwrap().is_empty());
        // A worker that died holding the lease frees the event when the lease runs out.
        let later = now + LEASE + TimeDelta::seconds(1);
        assert_eq!(claim_due(conn, later, 10, LEASE).await.unwrap().len(), 1);
    }
    db_test!(a_claimed_event_is_not_claimed_twice_until_its_lease_ends);

    async fn failures_back_off_then_give_up(conn: &DatabaseConnection) {
        let mail = Event::TicketReplyMail(Record { id: Uuid::nil() });
        enqueue(conn, &mail).await.unwrap();
        let mut now = Utc::now();
        for attempt in 1..MAX_ATTEMPTS {
            let event = claim_due(conn, now, 10, LEASE).await.unwrap().remove(0);
            assert_eq!(event.attempts, attempt - 1);
            let retry = mark_failed(conn, &event, "connection refused", now)
                .await
                .unwrap();
            assert_eq!(retry, Retry::At(now + backoff(attempt)));
            assert!(
                claim_due(conn, now, 10, LEASE).await.unwrap().is_empty(),
                "not yet due"
            );
            now += backoff(attempt);
        }
        let event = claim_due(conn, now, 10, LEASE).await.unwrap().remove(0);
        assert_eq!(
            mark_failed(conn, &event, "still refused", now)
                .await
                .unwrap(),
            Retry::GaveUp
        );
        assert_eq!(
            backlog(conn).await.unwrap(),
            Backlog {
                pending: 0,
                dead: 1
            }
        );
        assert!(
            claim_due(conn, now + TimeDelta::days(1), 10, LEASE)
                .await
                .unwrap()
                .is_empty()
        );
    }
    db_test!(failures_back_off_then_give_up);

    async fn a_delivered_event_is_done(conn: &DatabaseConnection) {
        enqueue(conn, &created("张伟")).await.unwrap();
        let now = Utc::now();
        let event = claim_due(conn, now, 10, LEASE).await.unwrap().remove(0);
        mark_delivered(conn, event.id, now).await.unwrap();
        assert_eq!(
            backlog(conn).await.unwrap(),
            Backlog {
                pending: 0,
                dead: 0
            }
        );
        let much_later = now + TimeDelta::days(1);
        assert!(
            claim_due(conn, much_later, 10, LEASE)
                .await
                .unwrap()
                .is_empty()
        );
    }
    db_test!(a_delivered_event_is_done);
}
