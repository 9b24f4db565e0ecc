//! Saved segments: kept under a name with the contacts they held when evaluated. Owners,
//! managers and marketing keep them; everyone who sees customers reads them.

use std::collections::{HashMap, HashSet};

use analytics::history::Period;
use analytics::rfm;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, SqlErr,
};
use serde_json::json;
use uuid::Uuid;

use super::entity::{segment, segment_member};
use super::types::{Definition, MAX_NAME, NewSegment, SavedSegment};
use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::policy::require;
use crate::core::policy::{Action, Owned};
use crate::core::records;
use crate::core::{parse, settings};
use crate::customers::entity::contact;
use crate::customers::service::list::filtered;
use crate::customers::types::ContactQuery;
use crate::error::{AppError, FieldCheck, Invalid};

/// Rows written or looked up per statement: far below every database's limit on parameters.
const CHUNK: usize = 500;

fn to_segment(model: segment::Model, members: usize) -> Result<SavedSegment, AppError> {
    Ok(SavedSegment {
        definition: serde_json::from_str(&model.definition).map_err(AppError::internal)?,
        id: model.id,
        name: model.name,
        members: members as u32,
        evaluated_at: model.evaluated_at,
        version: model.version,
    })
}

/// Members per segment that the actor sees today: people archived, erased or out of the
/// actor's sight since the evaluation are not counted.
async fn counts(
    conn: &DatabaseConnection,
    actor: &Actor,
) -> Result<HashMap<Uuid, usize>, AppError> {
    let counts: Vec<(Uuid, i64)> = filtered(conn, actor, &ContactQuery::default())
        .await?
        .select_only()
        .column(segment_member::Column::SegmentId)
        .column_as(contact::Column::Id.count(), "members")
        .join_rev(JoinType::InnerJoin, segment_member::Relation::Contact.def())
        .group_by(segment_member::Column::SegmentId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(counts
        .into_iter()
        .map(|(id, n)| (id, n.max(0) as usize))
        .collect())
}

async fn may_read(conn: &DatabaseConnection, actor: &Actor, name: &str) -> Result<(), AppError> {
    let own = Owned {
        owner: Some(actor.user.id),
        team: actor.user.team_id,
    };
    require(conn, actor, Action::ViewCustomer(own), name).await
}

/// Every saved segment, by name.
pub async fn list(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<SavedSegment>, AppError> {
    may_read(conn, actor, "segment.list").await?;
    let counts = counts(conn, actor).await?;
    segment::Entity::find()
        .order_by_asc(segment::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            let members = counts.get(&m.id).copied().unwrap_or(0);
            to_segment(m, members)
        })
        .collect()
}

/// A definition as it is kept: a rule's list query without a place in the list or the archive.
fn normalized(definition: Definition, check: &mut FieldCheck) -> Definition {
    match definition {
        Definition::Rules(query) => Definition::Rules(ContactQuery {
            after: None,
            archived: false,
            sort: Default::default(),
            ..query
        }),
        Definition::Rfm(mut segments) => {
            let asked = segments.len();
            segments.sort();
            segments.dedup();
            if segments.is_empty() || segments.len() != asked {
                check.refuse("definition", Invalid::Choice);
            }
            Definition::Rfm(segments)
        }
        Definition::Fixed => Definition::Fixed,
    }
}

/// The contacts a definition selects as the actor sees them today; for a fixed list, those of
/// `given` that the actor may see and that are not archived.
async fn evaluate(
    conn: &DatabaseConnection,
    actor: &Actor,
    definition: &Definition,
    given: &[Uuid],
) -> Result<Vec<Uuid>, AppError> {
    let ids = |query: ContactQuery| async move {
        let select = filtered(conn, actor, &query).await?;
        Ok::<Vec<Uuid>, AppError>(
            select
                .select_only()
                .column(contact::Column::Id)
                .into_tuple()
                .all(conn)
                .await?,
        )
    };
    match definition {
        Definition::Rules(query) => ids(query.clone()).await,
        Definition::Rfm(wanted) => {
            let today = settings::service::today(conn).await?;
            let ledger =
                crate::customers::history::purchases::up_to(conn, actor, today, "segment.evaluate")
                    .await?;
            let scores = rfm::score(&ledger.histories(Period::Month));
            Ok(scores
                .iter()
                .filter(|s| wanted.contains(&s.segment))
                .map(|s| ledger.customers[s.customer].id)
                .collect())
        }
        Definition::Fixed => {
            let mut kept = Vec::new();
            let unique: Vec<Uuid> = given
                .iter()
                .copied()
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            // What the actor may see, read once; each chunk narrows it to its ids.
            let visible = filtered(conn, actor, &ContactQuery::default()).await?;
            for chunk in unique.chunks(CHUNK) {
                let found: Vec<Uuid> = visible
                    .clone()
                    .filter(contact::Column::Id.is_in(chunk.iter().copied()))
                    .select_only()
                    .column(contact::Column::Id)
                    .into_tuple()
                    .all(conn)
                    .await?;
                kept.extend(found);
            }
            Ok(kept)
        }
    }
}

/// Makes `contacts` the segment's members.
async fn replace_members(
    txn: &impl ConnectionTrait,
    segment: Uuid,
    contacts: &[Uuid],
) -> Result<(), AppError> {
    segment_member::Entity::delete_many()
        .filter(segment_member::Column::SegmentId.eq(segment))
        .exec(txn)
        .await?;
    let pairs: Vec<(Uuid, Uuid)> = contacts.iter().map(|&c| (segment, c)).collect();
    add_members(txn, &pairs).await
}

/// Writes (segment, contact) memberships, a chunk per statement.
async fn add_members(txn: &impl ConnectionTrait, pairs: &[(Uuid, Uuid)]) -> Result<(), AppError> {
    for chunk in pairs.chunks(CHUNK) {
        let rows = chunk
            .iter()
            .map(|&(segment, contact)| segment_member::ActiveModel {
                segment_id: Set(segment),
                contact_id: Set(contact),
            });
        segment_member::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

/// Saves a segment with the contacts its definition selects now (a fixed list: the contacts
/// given, as far as the user may see them).
pub async fn create(
    conn: &DatabaseConnection,
    actor: &Actor,
    new: NewSegment,
) -> Result<SavedSegment, AppError> {
    require(conn, actor, Action::ManageSegments, "segment.create").await?;
    let mut check = FieldCheck::default();
    let name = check.check("name", parse::text(&new.name, MAX_NAME));
    let definition = normalized(new.definition, &mut check);
    if definition == Definition::Fixed && new.contacts.is_empty() {
        check.refuse("contacts", Invalid::Required);
    }
    let Some(name) = name else {
        return Err(check.into_error());
    };
    check.finish()?;
    let members = evaluate(conn, actor, &definition, &new.contacts).await?;
    let txn = crate::core::db::write(conn).await?;
    let saved = insert(&txn, actor, name, definition, &members, Utc::now()).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Writes a new segment with its members, refusing a name already taken.
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    name: String,
    definition: Definition,
    members: &[Uuid],
    now: DateTime<Utc>,
) -> Result<SavedSegment, AppError> {
    let id = Uuid::now_v7();
    let inserted = segment::ActiveModel {
        id: Set(id),
        name: Set(name),
        definition: Set(serde_json::to_string(&definition).map_err(AppError::internal)?),
        evaluated_at: Set(now),
        created_by: Set(Some(actor.user.id)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await;
    let model = match inserted {
        Ok(model) => model,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::invalid("name", Invalid::Taken));
        }
        Err(err) => return Err(err.into()),
    };
    replace_members(txn, id, members).await?;
    let saved = to_segment(model, members.len())?;
    audit::record(
        txn,
        entry(actor, "segment.create", id).changes(json!({
            "name": saved.name,
            "definition": saved.definition,
            "members": saved.members,
        })),
    )
    .await?;
    Ok(saved)
}

/// The segment as it is, or a conflict carrying it when the caller read another version.
async fn current(
    txn: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
) -> Result<segment::Model, AppError> {
    let model = records::find_or_404::<segment::Entity, _>(txn, id).await?;
    if model.version != version {
        let members = segment_member::Entity::find()
            .filter(segment_member::Column::SegmentId.eq(id))
            .count(txn)
            .await?;
        return Err(AppError::conflict(&to_segment(model, members as usize)?));
    }
    Ok(model)
}

/// Evaluates a rule-based or RFM segment again, as of now.
pub async fn refresh(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> Result<SavedSegment, AppError> {
    require(conn, actor, Action::ManageSegments, "segment.refresh").await?;
    let model = current(conn, id, version).await?;
    let definition: Definition =
        serde_json::from_str(&model.definition).map_err(AppError::internal)?;
    if !definition.refreshes() {
        return Err(AppError::invalid("definition", Invalid::Choice));
    }
    let members = evaluate(conn, actor, &definition, &[]).await?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let model = current(&txn, id, version).await?;
    replace_members(&txn, id, &members).await?;
    let updated = segment::ActiveModel {
        evaluated_at: Set(now),
        version: Set(model.version + 1),
        updated_at: Set(now),
        ..model.into()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        entry(actor, "segment.refresh", id).changes(json!({ "members": members.len() })),
    )
    .await?;
    txn.commit().await?;
    to_segment(updated, members.len())
}

/// Deletes a segment, if nobody changed it since the caller read it.
pub async fn delete(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> Result<(), AppError> {
    require(conn, actor, Action::ManageSegments, "segment.delete").await?;
    let txn = crate::core::db::write(conn).await?;
    let model = current(&txn, id, version).await?;
    segment::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        entry(actor, "segment.delete", id).changes(json!({ "name": model.name })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The contacts segment `id` selects now, as `actor` sees them: rules and RFM segments
/// evaluated afresh, a fixed list as it was saved. A campaign's audience is this when its
/// sending starts.
pub(crate) async fn members_now(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let model = records::find_or_404::<segment::Entity, _>(conn, id).await?;
    let definition: Definition =
        serde_json::from_str(&model.definition).map_err(AppError::internal)?;
    let saved: Vec<Uuid> = if definition.refreshes() {
        Vec::new()
    } else {
        segment_member::Entity::find()
            .select_only()
            .column(segment_member::Column::ContactId)
            .filter(segment_member::Column::SegmentId.eq(id))
            .into_tuple()
            .all(conn)
            .await?
    };
    evaluate(conn, actor, &definition, &saved).await
}

/// A merge keeps the merged people's memberships on the person who stays; answers the
/// segments that person joined this way, for an undo to take back.
pub(crate) async fn move_members(
    txn: &impl ConnectionTrait,
    from: &[Uuid],
    to: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let segments: Vec<Uuid> = segment_member::Entity::find()
        .select_only()
        .column(segment_member::Column::SegmentId)
        .filter(segment_member::Column::ContactId.is_in(from.iter().copied()))
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    let already: HashSet<Uuid> = segment_member::Entity::find()
        .select_only()
        .column(segment_member::Column::SegmentId)
        .filter(segment_member::Column::ContactId.eq(to))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let joined: Vec<Uuid> = segments
        .into_iter()
        .filter(|s| !already.contains(s))
        .collect();
    let pairs: Vec<(Uuid, Uuid)> = joined.iter().map(|&s| (s, to)).collect();
    add_members(txn, &pairs).await?;
    Ok(joined)
}

/// Undoing a merge takes the person who stayed out of the segments they joined by it, except
/// those evaluated again since `merged_at`: there they are a member in their own right.
pub(crate) async fn leave_joined(
    txn: &impl ConnectionTrait,
    contact: Uuid,
    joined: &[Uuid],
    merged_at: DateTime<Utc>,
) -> Result<(), AppError> {
    let untouched = Query::select()
        .column(segment::Column::Id)
        .from(segment::Entity)
        .and_where(segment::Column::Id.is_in(joined.iter().copied()))
        .and_where(segment::Column::EvaluatedAt.lte(merged_at))
        .to_owned();
    segment_member::Entity::delete_many()
        .filter(segment_member::Column::ContactId.eq(contact))
        .filter(segment_member::Column::SegmentId.in_subquery(untouched))
        .exec(txn)
        .await?;
    Ok(())
}

fn entry<'a>(actor: &Actor, action: &'a str, id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, "segment", Some(id))
}
