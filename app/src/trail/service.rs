use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Days, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::Value;
use uuid::Uuid;

use super::types::{ChainCheck, Change, PAGE, RECORD_TYPES, TrailEntry, TrailPage, TrailQuery};
use crate::core::actor::Actor;
use crate::core::audit::chain;
use crate::core::audit::entity::{Column, Entity, Model};
use crate::core::policy::{self, Action, Scope, Scoped};
use crate::core::signing::SecretKey;
use crate::core::{cursor, parse, settings, users};
use crate::customers::entity::{company, contact};
use crate::deals::entity::deal;
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::entity::ticket;

/// Most entries one CSV export holds.
const CSV_MAX: u64 = 100_000;

/// The conditions of `query`, checked: refused filters are named.
async fn condition<C: ConnectionTrait>(
    conn: &C,
    query: &TrailQuery,
) -> Result<Condition, AppError> {
    let zone = settings::service::zone(conn).await?;
    let mut check = FieldCheck::default();
    let mut when = Condition::all();
    if let Some(person) = query.person {
        when = when.add(Column::ActorId.eq(person));
    }
    let kind = query.record_type.trim();
    if !kind.is_empty() {
        if RECORD_TYPES.contains(&kind) {
            when = when.add(Column::RecordType.eq(kind));
        } else {
            check.refuse("record_type", Invalid::Choice);
        }
    }
    if let Some(record) = query.record {
        when = when.add(Column::RecordId.eq(record));
    }
    let action = query.action.trim();
    if !action.is_empty() {
        when = when.add(Column::Action.contains(action));
    }
    if !query.from.trim().is_empty()
        && let Some(from) = check.check("from", parse::local_day(&query.from, zone))
    {
        when = when.add(Column::At.gte(from));
    }
    if !query.to.trim().is_empty()
        && let Some(to) = check.check("to", parse::local_day(&query.to, zone))
    {
        // Up to the end of that day.
        when = when.add(Column::At.lt(to.checked_add_days(Days::new(1)).unwrap_or(to)));
    }
    if let Some(before) = &query.before {
        let (at, id) = cursor::decode("before", before)?;
        let at: DateTime<Utc> = at
            .parse()
            .map_err(|_| AppError::invalid("before", Invalid::Choice))?;
        when = when.add(
            Condition::any().add(Column::At.lt(at)).add(
                Condition::all()
                    .add(Column::At.eq(at))
                    .add(Column::Id.lt(id)),
            ),
        );
    }
    check.finish()?;
    Ok(when)
}

/// The entries `query` asks for, newest first, `limit` of them at most. Only roles that see
/// every record read the trail (a test holds the policy to that); the names of the records
/// still come through the record scope, as every read of them does.
async fn entries(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &TrailQuery,
    limit: u64,
) -> Result<(Vec<TrailEntry>, bool), AppError> {
    policy::require(conn, actor, Action::ReadAudit, "audit.read").await?;
    let rows = Entity::find()
        .filter(condition(conn, query).await?)
        .order_by_desc(Column::At)
        .order_by_desc(Column::Id)
        .limit(limit + 1)
        .all(conn)
        .await?;
    let more = rows.len() as u64 > limit;
    let rows: Vec<Model> = rows.into_iter().take(limit as usize).collect();
    let scope = policy::scope(conn, actor).await?;
    let labels = labels(conn, scope, &rows).await?;
    let people = users::names(conn, rows.iter().filter_map(|r| r.actor_id)).await?;
    let shown = rows
        .into_iter()
        .map(|row| TrailEntry {
            id: row.id,
            at: row.at,
            who: row.actor_id.and_then(|id| people.get(&id).cloned()),
            record_label: row.record_id.and_then(|id| labels.get(&id).cloned()),
            changes: changes(row.changes.as_ref()),
            action: row.action,
            record_type: row.record_type,
            record_id: row.record_id,
        })
        .collect();
    Ok((shown, more))
}

/// The names, as they are now, of the records of `rows` that `scope` sees.
async fn labels(
    conn: &DatabaseConnection,
    scope: Scope,
    rows: &[Model],
) -> Result<HashMap<Uuid, String>, AppError> {
    let of = |kind: &str| -> HashSet<Uuid> {
        rows.iter()
            .filter(|r| r.record_type == kind)
            .filter_map(|r| r.record_id)
            .collect()
    };
    let mut labels = HashMap::new();
    async fn named<E: Scoped>(
        conn: &DatabaseConnection,
        scope: Scope,
        ids: HashSet<Uuid>,
        id: E::Column,
        name: impl Fn(E::Model) -> (Uuid, String),
        labels: &mut HashMap<Uuid, String>,
    ) -> Result<(), AppError> {
        if ids.is_empty() {
            return Ok(());
        }
        let found = policy::within(E::find(), scope)
            .filter(id.is_in(ids))
            .all(conn)
            .await?;
        labels.extend(found.into_iter().map(name));
        Ok(())
    }
    named::<contact::Entity>(
        conn,
        scope,
        of("contact"),
        contact::Column::Id,
        |c| (c.id, c.name),
        &mut labels,
    )
    .await?;
    named::<company::Entity>(
        conn,
        scope,
        of("company"),
        company::Column::Id,
        |c| (c.id, c.name),
        &mut labels,
    )
    .await?;
    named::<deal::Entity>(
        conn,
        scope,
        of("deal"),
        deal::Column::Id,
        |d| (d.id, d.title),
        &mut labels,
    )
    .await?;
    named::<ticket::Entity>(
        conn,
        scope,
        of("ticket"),
        ticket::Column::Id,
        |t| (t.id, format!("#{} {}", t.number, t.subject)),
        &mut labels,
    )
    .await?;
    Ok(labels)
}

/// The changes of an entry as people read them: `{"field": [before, after]}` field by field,
/// anything else (a job's summary) as one line.
fn changes(changes: Option<&Value>) -> Vec<Change> {
    let text = |value: &Value| match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match changes {
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(field, value)| match value {
                Value::Array(pair) if pair.len() == 2 => Change {
                    field: field.clone(),
                    before: text(&pair[0]),
                    after: text(&pair[1]),
                },
                other => Change {
                    field: field.clone(),
                    before: String::new(),
                    after: text(other),
                },
            })
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![Change {
            field: String::new(),
            before: String::new(),
            after: other.to_string(),
        }],
    }
}

/// A page of the trail.
pub async fn page(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &TrailQuery,
) -> Result<TrailPage, AppError> {
    let (entries, more) = entries(conn, actor, query, PAGE).await?;
    let next = more
        .then(|| {
            entries
                .last()
                .map(|e| cursor::encode(&e.at.to_rfc3339(), e.id))
        })
        .flatten();
    let people = users::everyone(conn).await?;
    Ok(TrailPage {
        entries,
        next,
        people,
        zone: settings::service::zone(conn).await?.name().to_owned(),
    })
}

/// The entries `query` asks for as CSV (up to `CSV_MAX`), newest first, times in UTC.
pub async fn csv(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &TrailQuery,
) -> Result<String, AppError> {
    let (entries, _) = entries(conn, actor, query, CSV_MAX).await?;
    let mut out = clean::csv_line::write_row(&[
        "time",
        "person",
        "action",
        "record_type",
        "record_id",
        "record",
        "field",
        "before",
        "after",
    ]);
    for entry in entries {
        let head = [
            entry.at.to_rfc3339(),
            entry.who.unwrap_or_default(),
            entry.action,
            entry.record_type,
            entry.record_id.map(|id| id.to_string()).unwrap_or_default(),
            entry.record_label.unwrap_or_default(),
        ];
        let changes = if entry.changes.is_empty() {
            vec![Change {
                field: String::new(),
                before: String::new(),
                after: String::new(),
            }]
        } else {
            entry.changes
        };
        for change in changes {
            let mut cells = head.to_vec();
            cells.extend([change.field, change.before, change.after]);
            out.push_str(&clean::csv_line::write_row(&cells));
        }
    }
    Ok(out)
}

/// Whether the chain holds, for owners and managers.
pub async fn check(
    conn: &DatabaseConnection,
    actor: &Actor,
    key: &SecretKey,
) -> Result<ChainCheck, AppError> {
    policy::require(conn, actor, Action::ReadAudit, "audit.check").await?;
    let verdict = chain::verify(conn, key).await?;
    Ok(ChainCheck {
        linked: verdict.linked,
        broken_at: verdict.broken_at,
    })
}
