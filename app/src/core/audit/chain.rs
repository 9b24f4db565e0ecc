//! The audit log's chain: each entry, once committed, gets the next place in the chain and a
//! link, a keyed hash (HMAC-SHA256 under the workspace's secret key) over the entry and the
//! link before it. Changing, removing or inserting an entry afterwards breaks every link from
//! there on, and nobody with the database alone can make the links again: the key is kept
//! outside it.
//!
//! The link covers who acted, what they did, to which record and when, and a keyed digest of
//! the changed values, kept beside them. Erasing a person removes their values from the log
//! (`privacy`) and leaves the digest: an entry without its values holds only when its record
//! has an erasure (`<kind>.erase`) in the chain; any other value changed or removed shows.
//!
//! Entries are linked by one chainer shortly after they are written, not as they are written:
//! every write of the app records an entry, and linking them there would make every write wait
//! for the one before. What the chain cannot show is the newest entries removed all together
//! before anyone checked; the screen shows how many entries the chain holds, to compare.

use std::collections::HashSet;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use super::entity::{Column, Entity, Model};
use crate::core::signing::SecretKey;
use crate::error::AppError;

/// Entries linked in one transaction.
const BATCH: u64 = 500;

/// The link of `entry` after `previous` (empty for the first). Times count in whole seconds:
/// PostgreSQL keeps microseconds where SQLite keeps nanoseconds, and a move between them must
/// not break the chain.
/// Entries linked before values were (no digest) keep the link they were given.
fn link(key: &SecretKey, previous: &str, seq: i64, entry: &Model, values: Option<&str>) -> String {
    let mut fields = serde_json::json!([
        previous,
        seq,
        entry.id,
        entry.at.timestamp(),
        entry.actor_id,
        entry.action,
        entry.record_type,
        entry.record_id,
        entry.job_id,
    ]);
    if let (Some(values), Some(fields)) = (values, fields.as_array_mut()) {
        fields.push(values.into());
    }
    key.digest("audit", fields.to_string().as_bytes())
}

/// The digest of an entry's changed values as read from the database: JSON with its keys in
/// order, so that SQLite and PostgreSQL give the same.
fn values_digest(key: &SecretKey, changes: Option<&serde_json::Value>) -> String {
    let values = changes.unwrap_or(&serde_json::Value::Null).to_string();
    key.digest("audit values", values.as_bytes())
}

/// Links the entries written since the last call, oldest first; returns how many.
pub async fn extend(conn: &DatabaseConnection, key: &SecretKey) -> Result<u64, AppError> {
    let mut linked = 0;
    loop {
        let txn = crate::core::db::write(conn).await?;
        // One chainer at a time, however many servers run: on SQLite the write lock says so.
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(7261)")
                .await?;
        }
        let last = Entity::find()
            .filter(Column::Seq.is_not_null())
            .order_by_desc(Column::Seq)
            .one(&txn)
            .await?;
        let (mut seq, mut previous) = last
            .and_then(|e| Some((e.seq?, e.link?)))
            .unwrap_or((0, String::new()));
        let pending = Entity::find()
            .filter(Column::Seq.is_null())
            .order_by_asc(Column::At)
            .order_by_asc(Column::Id)
            .limit(BATCH)
            .all(&txn)
            .await?;
        let count = pending.len() as u64;
        for entry in pending {
            seq += 1;
            let values = values_digest(key, entry.changes.as_ref());
            previous = link(key, &previous, seq, &entry, Some(&values));
            Entity::update_many()
                .col_expr(Column::Seq, seq.into())
                .col_expr(Column::Link, previous.clone().into())
                .col_expr(Column::ChangesDigest, values.into())
                .filter(Column::Id.eq(entry.id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        linked += count;
        if count < BATCH {
            return Ok(linked);
        }
    }
}

/// The next batch of the chain after place `seq`.
async fn linked_after<C: ConnectionTrait>(conn: &C, seq: i64) -> Result<Vec<Model>, AppError> {
    Ok(Entity::find()
        .filter(Column::Seq.gt(seq))
        .order_by_asc(Column::Seq)
        .limit(BATCH)
        .all(conn)
        .await?)
}

/// What a check of the chain found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Entries in the chain.
    pub linked: u64,
    /// The place of the first entry whose link does not hold: changed, or one before it
    /// removed or slipped in.
    pub broken_at: Option<i64>,
}

/// Checks every link, in order. A link may hold under the key or one it retired: a backup made
/// before a rotation and restored keeps its old links, and the chain goes on under the new key.
pub async fn verify<C: ConnectionTrait>(conn: &C, key: &SecretKey) -> Result<Verdict, AppError> {
    let mut verdict = Verdict {
        linked: 0,
        broken_at: None,
    };
    let keys: Vec<SecretKey> = key.generations().collect();
    let (mut seq, mut previous) = (0i64, String::new());
    let erased = erased(conn).await?;
    loop {
        let entries = linked_after(conn, seq).await?;
        let Some(last) = entries.last().and_then(|e| e.seq) else {
            return Ok(verdict);
        };
        for entry in &entries {
            let at = entry.seq.unwrap_or_default();
            let values = entry.changes_digest.as_deref();
            let holds_under = |key: &SecretKey| {
                let expected = link(key, &previous, seq + 1, entry, values);
                let values_hold = match (values, &entry.changes) {
                    (None, _) => true,
                    (Some(digest), Some(changes)) => digest == values_digest(key, Some(changes)),
                    (Some(digest), None) => {
                        digest == values_digest(key, None)
                            || erased.contains(&(entry.record_type.clone(), entry.record_id))
                    }
                };
                (entry.link.as_deref() == Some(expected.as_str()) && values_hold)
                    .then_some(expected)
            };
            match keys.iter().find_map(holds_under) {
                Some(expected) if at == seq + 1 => {
                    (seq, previous) = (at, expected);
                    verdict.linked += 1;
                }
                _ => {
                    verdict.broken_at = Some(seq + 1);
                    return Ok(verdict);
                }
            }
        }
        debug_assert_eq!(seq, last);
    }
}

/// Links the whole chain anew under `new`, once it holds under `old`: what a rotation of the
/// secret key does. A broken chain is refused (its place answered as a conflict), since linking
/// it anew would hide where it broke. Values an erasure removed keep the digest they had.
pub async fn relink<C: ConnectionTrait>(
    conn: &C,
    old: &SecretKey,
    new: &SecretKey,
) -> Result<u64, AppError> {
    if let Some(at) = verify(conn, old).await?.broken_at {
        return Err(AppError::Conflict {
            current: serde_json::json!({ "audit_chain_broken_at": at }),
        });
    }
    let (mut seq, mut previous, mut linked) = (0i64, String::new(), 0u64);
    loop {
        let entries = linked_after(conn, seq).await?;
        if entries.is_empty() {
            return Ok(linked);
        }
        for entry in entries {
            seq = entry.seq.unwrap_or(seq + 1);
            let values = match (&entry.changes_digest, &entry.changes) {
                (None, _) => None,
                (Some(_), Some(changes)) => Some(values_digest(new, Some(changes))),
                (Some(digest), None) if *digest == values_digest(old, None) => {
                    Some(values_digest(new, None))
                }
                (Some(erased), None) => Some(erased.clone()),
            };
            previous = link(new, &previous, seq, &entry, values.as_deref());
            Entity::update_many()
                .col_expr(Column::Link, previous.clone().into())
                .col_expr(Column::ChangesDigest, values.into())
                .filter(Column::Id.eq(entry.id))
                .exec(conn)
                .await?;
            linked += 1;
        }
    }
}

/// The records whose erasure is in the chain: their entries may have lost their values.
async fn erased<C: ConnectionTrait>(
    conn: &C,
) -> Result<HashSet<(String, Option<uuid::Uuid>)>, AppError> {
    let erasures = Entity::find()
        .filter(Column::Action.like("%.erase"))
        .filter(Column::Seq.is_not_null())
        .all(conn)
        .await?;
    Ok(erasures
        .into_iter()
        .filter(|e| e.action == format!("{}.erase", e.record_type))
        .map(|e| (e.record_type, e.record_id))
        .collect())
}

#[cfg(test)]
mod tests {
    use sea_orm::{DatabaseConnection, Statement};
    use uuid::Uuid;

    use super::*;
    use crate::core::audit::{Entry, record};
    use crate::db_test;

    async fn a_changed_removed_or_forged_entry_breaks_the_chain(conn: &DatabaseConnection) {
        let key = SecretKey::for_tests();
        let contact = Uuid::now_v7();
        for city in ["上海", "杭州", "深圳", "广州"] {
            let entry = Entry::new(None, "contact.update", "contact", Some(contact))
                .changes(serde_json::json!({ "city": [null, city] }));
            record(conn, entry).await.unwrap();
        }
        assert_eq!(extend(conn, &key).await.unwrap(), 4);
        let kept = Entry::new(None, "contact.update", "contact", Some(Uuid::now_v7()))
            .changes(serde_json::json!({ "city": [null, "北京"], "a": 1.5 }));
        record(conn, kept).await.unwrap();
        record(
            conn,
            Entry::new(None, "contact.erase", "contact", Some(contact)),
        )
        .await
        .unwrap();
        assert_eq!(extend(conn, &key).await.unwrap(), 2);
        assert_eq!(extend(conn, &key).await.unwrap(), 0);
        let intact = Verdict {
            linked: 6,
            broken_at: None,
        };
        assert_eq!(verify(conn, &key).await.unwrap(), intact);
        let other_key = SecretKey::new(&"k".repeat(40)).unwrap();
        assert_eq!(verify(conn, &other_key).await.unwrap().broken_at, Some(1));

        let sql = |text: &str| Statement::from_string(conn.get_database_backend(), text);
        // Erasing a person removes their values, as `privacy` does: the chain still holds.
        conn.execute_raw(sql("UPDATE audit_log SET changes = NULL WHERE seq = 2"))
            .await
            .unwrap();
        assert_eq!(verify(conn, &key).await.unwrap(), intact);
        // Another person's values, changed or removed, break it; put back, it holds again.
        let set_values = async |values: &str| {
            let text = format!("UPDATE audit_log SET changes = {values} WHERE seq = 5");
            conn.execute_raw(sql(&text)).await.unwrap();
            verify(conn, &key).await.unwrap()
        };
        let edited = set_values(r#"'{"city": [null, "南京"], "a": 1.5}'"#).await;
        assert_eq!(edited.broken_at, Some(5));
        assert_eq!(set_values("NULL").await.broken_at, Some(5));
        let restored = set_values(r#"'{"a": 1.5, "city": [null, "北京"]}'"#).await;
        assert_eq!(
            restored, intact,
            "the same values, whatever the order of their keys"
        );
        conn.execute_raw(sql(
            "UPDATE audit_log SET action = 'contact.create' WHERE seq = 3",
        ))
        .await
        .unwrap();
        let changed = verify(conn, &key).await.unwrap();
        assert_eq!((changed.linked, changed.broken_at), (2, Some(3)));

        conn.execute_raw(sql("DELETE FROM audit_log WHERE seq = 3"))
            .await
            .unwrap();
        assert_eq!(verify(conn, &key).await.unwrap().broken_at, Some(3));
        // A broken chain is not linked anew under another key: that would hide the break.
        let refused = relink(conn, &key, &other_key).await;
        assert!(
            matches!(refused, Err(AppError::Conflict { .. })),
            "{refused:?}"
        );
    }
    db_test!(a_changed_removed_or_forged_entry_breaks_the_chain);

    async fn a_new_key_links_the_chain_anew_erased_values_and_all(conn: &DatabaseConnection) {
        let (old, new) = (
            SecretKey::for_tests(),
            SecretKey::new(&"n".repeat(40)).unwrap(),
        );
        let (gone, kept) = (Uuid::now_v7(), Uuid::now_v7());
        for (contact, action) in [
            (gone, "contact.update"),
            (kept, "contact.update"),
            (gone, "contact.erase"),
        ] {
            let entry = Entry::new(None, action, "contact", Some(contact))
                .changes(serde_json::json!({ "city": [null, "厦门"] }));
            record(conn, entry).await.unwrap();
        }
        record(conn, Entry::new(None, "settings.update", "settings", None))
            .await
            .unwrap();
        extend(conn, &old).await.unwrap();
        let sql = Statement::from_string(
            conn.get_database_backend(),
            "UPDATE audit_log SET changes = NULL WHERE seq = 1",
        );
        conn.execute_raw(sql).await.unwrap();
        assert_eq!(relink(conn, &old, &new).await.unwrap(), 4);
        let intact = Verdict {
            linked: 4,
            broken_at: None,
        };
        assert_eq!(verify(conn, &new).await.unwrap(), intact);
        assert_eq!(verify(conn, &old).await.unwrap().broken_at, Some(1));
        // Linked on under the new key, as the chainer does after a rotation.
        record(conn, Entry::new(None, "key.rotate", "settings", None))
            .await
            .unwrap();
        extend(conn, &new).await.unwrap();
        assert_eq!(verify(conn, &new).await.unwrap().linked, 5);
    }
    db_test!(a_new_key_links_the_chain_anew_erased_values_and_all);

    async fn a_backup_from_before_a_rotation_holds_under_the_key_that_retired_its_own(
        conn: &DatabaseConnection,
    ) {
        let old = SecretKey::for_tests();
        let rotated = SecretKey::from_file(&format!(
            "{}\na key for tests, never for a real workspace",
            "n".repeat(40)
        ))
        .unwrap();
        let contact = Uuid::now_v7();
        let update = || {
            Entry::new(None, "contact.update", "contact", Some(contact))
                .changes(serde_json::json!({ "city": [null, "厦门"] }))
        };
        // Linked under the old key, as in the backup; restored, it goes on under the new one.
        record(conn, update()).await.unwrap();
        extend(conn, &old).await.unwrap();
        record(conn, update()).await.unwrap();
        extend(conn, &rotated).await.unwrap();
        let intact = Verdict {
            linked: 2,
            broken_at: None,
        };
        assert_eq!(verify(conn, &rotated).await.unwrap(), intact);
        let new_alone = SecretKey::new(&"n".repeat(40)).unwrap();
        assert_eq!(verify(conn, &new_alone).await.unwrap().broken_at, Some(1));
        assert_eq!(verify(conn, &old).await.unwrap().broken_at, Some(2));
    }
    db_test!(a_backup_from_before_a_rotation_holds_under_the_key_that_retired_its_own);
}
