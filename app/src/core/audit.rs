//! The audit log: one entry for every write a user makes, in the same transaction as the write.

pub mod chain;
pub mod entity;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, NotSet, Set};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppError;

/// One change to remember.
pub struct Entry<'a> {
    /// The user who acted; `None` for the system itself.
    pub actor: Option<Uuid>,
    /// What happened, as `record_type.verb` (`contact.update`).
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: Option<Uuid>,
    /// The changed fields, as `changes(before, after)` computes them, or a summary for jobs.
    pub changes: Option<Value>,
    /// The bulk job (an import, a merge) this write belongs to.
    pub job_id: Option<Uuid>,
}

impl<'a> Entry<'a> {
    /// `action` on one record (`record_id`, or none for what concerns no single record), by
    /// `actor`, or by the system when that is `None`.
    pub fn new(
        actor: Option<Uuid>,
        action: &'a str,
        record_type: &'a str,
        record_id: Option<Uuid>,
    ) -> Self {
        Entry {
            actor,
            action,
            record_type,
            record_id,
            changes: None,
            job_id: None,
        }
    }

    pub fn changes(mut self, changes: Value) -> Self {
        self.changes = Some(changes);
        self
    }

    /// The entry belongs to a bulk job (an import, a merge).
    pub fn job(mut self, job: Uuid) -> Self {
        self.job_id = Some(job);
        self
    }
}

pub async fn record<C: ConnectionTrait>(conn: &C, entry: Entry<'_>) -> Result<(), AppError> {
    entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(Utc::now()),
        actor_id: Set(entry.actor),
        action: Set(entry.action.to_owned()),
        record_type: Set(entry.record_type.to_owned()),
        record_id: Set(entry.record_id),
        changes: Set(entry.changes),
        job_id: Set(entry.job_id),
        // The chainer links it once it is committed.
        seq: NotSet,
        link: NotSet,
        changes_digest: NotSet,
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Who last changed a field of a record, and when.
pub struct LastChange {
    pub actor: Option<Uuid>,
    pub at: DateTime<Utc>,
}

/// The newest entry of a record whose changes name `field`.
pub async fn last_change<C: ConnectionTrait>(
    conn: &C,
    record_type: &str,
    record_id: Uuid,
    field: &str,
) -> Result<Option<LastChange>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let entries = entity::Entity::find()
        .filter(entity::Column::RecordType.eq(record_type))
        .filter(entity::Column::RecordId.eq(record_id))
        .order_by_desc(entity::Column::At)
        .order_by_desc(entity::Column::Id)
        .all(conn)
        .await?;
    Ok(entries
        .into_iter()
        .find(|e| e.changes.as_ref().is_some_and(|c| c.get(field).is_some()))
        .map(|e| LastChange {
            actor: e.actor_id,
            at: e.at,
        }))
}

/// The records that `action` was done to since `since`: what no longer exists, for the
/// devices that keep a copy (an erased contact leaves no row to find changed).
pub async fn done_since<C: ConnectionTrait>(
    conn: &C,
    action: &str,
    since: DateTime<Utc>,
) -> Result<Vec<Uuid>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let ids: Vec<Option<Uuid>> = entity::Entity::find()
        .select_only()
        .column(entity::Column::RecordId)
        .filter(entity::Column::At.gt(since))
        .filter(entity::Column::Action.eq(action))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().flatten().collect())
}

/// The fields that differ between two versions of a record: `{"field": [old, new]}`.
///
/// Bookkeeping fields (`version`, `updated_at`) change on every write and say nothing.
pub fn changes<T: Serialize>(before: &T, after: &T) -> Value {
    const IGNORED: [&str; 2] = ["version", "updated_at"];
    let as_map = |record: &T| match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let (old, new) = (as_map(before), as_map(after));
    let changed = new
        .into_iter()
        .filter(|(field, value)| {
            !IGNORED.contains(&field.as_str()) && old.get(field) != Some(value)
        })
        .map(|(field, value)| {
            let was = old.get(&field).cloned().unwrap_or(Value::Null);
            (field, Value::Array(vec![was, value]))
        })
        .collect();
    Value::Object(changed)
}

#[cfg(test)]
mod tests {
    use sea_orm::{DatabaseConnection, EntityTrait, TransactionTrait};
    use serde_json::json;

    use super::*;
    use crate::db_test;

    #[derive(Serialize)]
    struct Card {
        name: &'static str,
        city: &'static str,
        version: i32,
    }

    #[test]
    fn changes_name_only_what_differs() {
        let before = Card {
            name: "张伟",
            city: "上海",
            version: 1,
        };
        let after = Card {
            name: "张伟",
            city: "杭州",
            version: 2,
        };
        assert_eq!(
            changes(&before, &after),
            json!({ "city": ["上海", "杭州"] })
        );
    }

    async fn an_entry_lands_with_its_transaction(conn: &DatabaseConnection) {
        let record_id = Uuid::now_v7();
        let entry = || Entry {
            actor: None,
            action: "contact.update",
            record_type: "contact",
            record_id: Some(record_id),
            changes: Some(json!({ "city": ["上海", "杭州"] })),
            job_id: None,
        };
        let txn = conn.begin().await.unwrap();
        record(&txn, entry()).await.unwrap();
        txn.rollback().await.unwrap();
        assert!(entity::Entity::find().all(conn).await.unwrap().is_empty());

        let txn = conn.begin().await.unwrap();
        record(&txn, entry()).await.unwrap();
        txn.commit().await.unwrap();
        let saved = entity::Entity::find().all(conn).await.unwrap();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].record_id, Some(record_id));
        assert_eq!(saved[0].changes, Some(json!({ "city": ["上海", "杭州"] })));
    }
    db_test!(an_entry_lands_with_its_transaction);
}
