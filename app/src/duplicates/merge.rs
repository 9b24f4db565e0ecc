//! Merging contacts that are one person, and undoing a merge.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::entity::{contact_merge, contact_merge_member};
use super::types::{MERGE_FIELDS, MergeForm, MergeRecord};
use crate::core::actor::Actor;
use crate::core::events::{Event, Merged};
use crate::core::policy;
use crate::core::policy::Action;
use crate::core::records;
use crate::core::{audit, outbox, settings};
use crate::customers::entity::contact;
use crate::customers::history::entity::{interaction, order};
use crate::customers::segments::service as segments;
use crate::customers::service::{
    authorize, company_named, form_of, load, overwrite, replace_tags, validate,
};
use crate::customers::types::{Contact, ContactForm};
use crate::deals::entity::deal;
use crate::deals::tasks::entity as task;
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::entity::ticket;

/// At most this many contacts merge at once.
const MAX: usize = 10;

/// Everything a merge changed, as it was before.
#[derive(Serialize, Deserialize)]
struct Snapshot {
    survivor: Contact,
    survivor_unsubscribed_at: Option<DateTime<Utc>>,
    others: Vec<Contact>,
    /// History and orders moved to the survivor: (id, the contact it belonged to).
    interactions: Vec<(Uuid, Uuid)>,
    orders: Vec<(Uuid, Uuid)>,
    /// Deals, tasks and tickets moved to the survivor; merges from before they existed have
    /// none.
    #[serde(default)]
    deals: Vec<(Uuid, Uuid)>,
    #[serde(default)]
    tasks: Vec<(Uuid, Uuid)>,
    #[serde(default)]
    tickets: Vec<(Uuid, Uuid)>,
    /// Saved segments the survivor joined through the others.
    #[serde(default)]
    segments: Vec<Uuid>,
}

/// `form`'s field `name`.
fn field_mut<'a>(form: &'a mut ContactForm, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "name" => &mut form.name,
        "given_name" => &mut form.given_name,
        "family_name" => &mut form.family_name,
        "email" => &mut form.email,
        "phone" => &mut form.phone,
        "wechat_id" => &mut form.wechat_id,
        "city" => &mut form.city,
        "company" => &mut form.company,
        "lifecycle" => &mut form.lifecycle,
        "source" => &mut form.source,
        "owner_id" => &mut form.owner_id,
        _ => return None,
    })
}

async fn country<C: ConnectionTrait>(conn: &C) -> Result<String, AppError> {
    Ok(settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default())
}

/// Rewrites the contact to what `form` says, as part of merge `job`.
async fn rewrite(
    txn: &DatabaseTransaction,
    current: &Contact,
    form: &ContactForm,
    job: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut check = FieldCheck::default();
    let valid = validate(form, &country(txn).await?, &mut check);
    let Some(mut valid) = valid else {
        return Err(check.into_error());
    };
    check.finish()?;
    let tags = std::mem::take(&mut valid.tags);
    let company = company_named(txn, valid.company.as_deref(), valid.owner_id).await?;
    if !overwrite(
        txn,
        current,
        current.version,
        valid,
        company.as_ref(),
        now,
        Some(job),
    )
    .await?
    {
        return Err(AppError::conflict(current));
    }
    replace_tags(txn, current.id, &tags).await
}

/// The ids and owners of the rows of `column` that belong to `contacts`.
async fn rows_of<E: EntityTrait>(
    txn: &DatabaseTransaction,
    id: E::Column,
    owner: E::Column,
    contacts: &[Uuid],
) -> Result<Vec<(Uuid, Uuid)>, AppError> {
    Ok(E::find()
        .select_only()
        .column(id)
        .column(owner)
        .filter(owner.is_in(contacts.iter().copied()))
        .into_tuple::<(Uuid, Uuid)>()
        .all(txn)
        .await?)
}

/// Gives the records of `contacts` to `survivor`.
async fn move_to<E: EntityTrait>(
    txn: &DatabaseTransaction,
    owner: E::Column,
    contacts: &[Uuid],
    survivor: Uuid,
) -> Result<(), AppError> {
    E::update_many()
        .col_expr(owner, Expr::value(survivor))
        .filter(owner.is_in(contacts.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Gives records moved by a merge back to the contact each came from, unless they have left
/// the survivor since.
async fn move_back<E: EntityTrait>(
    txn: &DatabaseTransaction,
    id: E::Column,
    owner: E::Column,
    rows: &[(Uuid, Uuid)],
    survivor: Uuid,
) -> Result<(), AppError> {
    for (row, contact) in rows {
        E::update_many()
            .col_expr(owner, Expr::value(*contact))
            .filter(id.eq(*row))
            .filter(owner.eq(survivor))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Merges the contacts of `form` into its survivor: the fields chosen, every tag, all history
/// and orders. The others are archived, not deleted, and the merge can be undone.
pub async fn merge(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &MergeForm,
    now: DateTime<Utc>,
) -> Result<Contact, AppError> {
    policy::require(conn, actor, Action::MergeCustomers, "contact.merge").await?;
    let versions: BTreeMap<Uuid, i32> = form
        .contacts
        .iter()
        .copied()
        .zip(form.versions.iter().copied())
        .collect();
    let ids: Vec<Uuid> = versions.keys().copied().collect();
    if form.contacts.len() != form.versions.len()
        || ids.len() != form.contacts.len()
        || !versions.contains_key(&form.survivor)
        || !(2..=MAX).contains(&ids.len())
    {
        return Err(AppError::invalid("survivor", Invalid::Choice));
    }
    let bad_choice = form
        .choices
        .iter()
        .any(|(field, from)| !MERGE_FIELDS.contains(&field.as_str()) || !ids.contains(from));
    if bad_choice {
        return Err(AppError::invalid("choices", Invalid::Choice));
    }
    let merge_id = Uuid::now_v7();
    let txn = crate::core::db::write(conn).await?;
    let mut contacts = HashMap::new();
    for (&id, &version) in &versions {
        let current = load(&txn, id).await?;
        if current.version != version || current.archived {
            return Err(AppError::conflict(&current));
        }
        contacts.insert(id, current);
    }
    let survivor = contacts
        .get(&form.survivor)
        .ok_or_else(|| AppError::internal("the survivor is not among the contacts read"))?
        .clone();
    let others: Vec<Contact> = ids
        .iter()
        .filter(|id| **id != survivor.id)
        .filter_map(|id| contacts.get(id).cloned())
        .collect();
    let other_ids: Vec<Uuid> = others.iter().map(|c| c.id).collect();

    let mut merged = form_of(&survivor);
    for field in MERGE_FIELDS {
        let from = form.choices.get(field).and_then(|id| contacts.get(id));
        let mut chosen = from.map(form_of);
        if let (Some(value), Some(slot)) = (
            chosen.as_mut().and_then(|form| field_mut(form, field)),
            field_mut(&mut merged, field),
        ) {
            *slot = value.clone();
        }
    }
    let tags: BTreeSet<&String> = contacts.values().flat_map(|c| &c.tags).collect();
    merged.tags = tags.into_iter().cloned().collect::<Vec<_>>().join(",");

    let survivor_model = records::find_or_404::<contact::Entity, _>(&txn, survivor.id).await?;
    let mut snapshot = Snapshot {
        survivor: survivor.clone(),
        survivor_unsubscribed_at: survivor_model.unsubscribed_at,
        others: others.clone(),
        interactions: rows_of::<interaction::Entity>(
            &txn,
            interaction::Column::Id,
            interaction::Column::ContactId,
            &other_ids,
        )
        .await?,
        orders: rows_of::<order::Entity>(
            &txn,
            order::Column::Id,
            order::Column::ContactId,
            &other_ids,
        )
        .await?,
        deals: rows_of::<deal::Entity>(&txn, deal::Column::Id, deal::Column::ContactId, &other_ids)
            .await?,
        tasks: rows_of::<task::Entity>(&txn, task::Column::Id, task::Column::ContactId, &other_ids)
            .await?,
        tickets: rows_of::<ticket::Entity>(
            &txn,
            ticket::Column::Id,
            ticket::Column::ContactId,
            &other_ids,
        )
        .await?,
        segments: Vec::new(),
    };
    rewrite(&txn, &survivor, &merged, merge_id, now).await?;
    // An unsubscribe of any of them holds for the person; an id from outside is kept.
    let unsubscribed = contact::Entity::find()
        .filter(contact::Column::Id.is_in(other_ids.iter().copied()))
        .filter(contact::Column::UnsubscribedAt.is_not_null())
        .one(&txn)
        .await?
        .and_then(|m| m.unsubscribed_at);
    let external_id = survivor
        .external_id
        .clone()
        .or_else(|| others.iter().find_map(|c| c.external_id.clone()));
    let mut keep = contact::Entity::update_many()
        .col_expr(contact::Column::ExternalId, Expr::value(external_id))
        .filter(contact::Column::Id.eq(survivor.id));
    if survivor_model.unsubscribed_at.is_none() && unsubscribed.is_some() {
        keep = keep
            .col_expr(contact::Column::UnsubscribedAt, Expr::value(unsubscribed))
            .col_expr(contact::Column::MarketingConsent, Expr::value(false));
    }
    keep.exec(&txn).await?;
    let to = survivor.id;
    move_to::<interaction::Entity>(&txn, interaction::Column::ContactId, &other_ids, to).await?;
    move_to::<order::Entity>(&txn, order::Column::ContactId, &other_ids, to).await?;
    move_to::<deal::Entity>(&txn, deal::Column::ContactId, &other_ids, to).await?;
    move_to::<task::Entity>(&txn, task::Column::ContactId, &other_ids, to).await?;
    move_to::<ticket::Entity>(&txn, ticket::Column::ContactId, &other_ids, to).await?;
    snapshot.segments = segments::move_members(&txn, &other_ids, to).await?;
    records::bumped(contact::Entity::update_many(), now)
        .col_expr(contact::Column::ArchivedAt, Expr::value(Some(now)))
        .col_expr(contact::Column::LastJobId, Expr::value(Some(merge_id)))
        .filter(contact::Column::Id.is_in(other_ids.iter().copied()))
        .exec(&txn)
        .await?;
    let after = load(&txn, survivor.id).await?;
    contact_merge::ActiveModel {
        id: Set(merge_id),
        survivor_id: Set(survivor.id),
        user_id: Set(Some(actor.user.id)),
        snapshot: Set(serde_json::to_value(&snapshot).map_err(AppError::internal)?),
        survivor_version: Set(after.version),
        created_at: Set(now),
        undone_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let members = ids.iter().map(|&id| contact_merge_member::ActiveModel {
        merge_id: Set(merge_id),
        contact_id: Set(id),
    });
    contact_merge_member::Entity::insert_many(members)
        .exec(&txn)
        .await?;
    let summary = json!({
        "merged": others.iter().map(|c| json!({ "id": c.id, "name": c.name })).collect::<Vec<_>>(),
        "choices": form.choices,
        "interactions": snapshot.interactions.len(),
        "orders": snapshot.orders.len(),
        "deals": snapshot.deals.len(),
        "tasks": snapshot.tasks.len(),
        "tickets": snapshot.tickets.len(),
    });
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "contact.merge",
            "contact",
            Some(survivor.id),
        )
        .changes(summary)
        .job(merge_id),
    )
    .await?;
    let event = Event::ContactMerged(Merged {
        id: survivor.id,
        merged: other_ids.clone(),
        merge_id,
    });
    outbox::enqueue(&txn, &event).await?;
    txn.commit().await?;
    Ok(after)
}

/// Undoes a merge, provided nobody edited the survivor since: the survivor's fields and tags
/// are as before, the others are back, and so is the history and every order that was theirs.
pub async fn undo(
    conn: &DatabaseConnection,
    actor: &Actor,
    merge_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Contact, AppError> {
    policy::require(conn, actor, Action::MergeCustomers, "contact.merge_undo").await?;
    let txn = crate::core::db::write(conn).await?;
    let merge = records::find_or_404::<contact_merge::Entity, _>(&txn, merge_id).await?;
    let current = load(&txn, merge.survivor_id).await?;
    if merge.undone_at.is_some() || current.version != merge.survivor_version {
        return Err(AppError::conflict(&current));
    }
    let snapshot: Snapshot =
        serde_json::from_value(merge.snapshot.clone()).map_err(AppError::internal)?;
    rewrite(&txn, &current, &form_of(&snapshot.survivor), merge_id, now).await?;
    contact::Entity::update_many()
        .col_expr(
            contact::Column::ExternalId,
            Expr::value(snapshot.survivor.external_id.clone()),
        )
        .col_expr(
            contact::Column::UnsubscribedAt,
            Expr::value(snapshot.survivor_unsubscribed_at),
        )
        .col_expr(
            contact::Column::MarketingConsent,
            Expr::value(snapshot.survivor.marketing_consent),
        )
        .filter(contact::Column::Id.eq(current.id))
        .exec(&txn)
        .await?;
    // What was added to the survivor since the merge stays with it.
    move_back::<interaction::Entity>(
        &txn,
        interaction::Column::Id,
        interaction::Column::ContactId,
        &snapshot.interactions,
        current.id,
    )
    .await?;
    move_back::<order::Entity>(
        &txn,
        order::Column::Id,
        order::Column::ContactId,
        &snapshot.orders,
        current.id,
    )
    .await?;
    move_back::<deal::Entity>(
        &txn,
        deal::Column::Id,
        deal::Column::ContactId,
        &snapshot.deals,
        current.id,
    )
    .await?;
    move_back::<task::Entity>(
        &txn,
        task::Column::Id,
        task::Column::ContactId,
        &snapshot.tasks,
        current.id,
    )
    .await?;
    move_back::<ticket::Entity>(
        &txn,
        ticket::Column::Id,
        ticket::Column::ContactId,
        &snapshot.tickets,
        current.id,
    )
    .await?;
    segments::leave_joined(&txn, current.id, &snapshot.segments, merge.created_at).await?;
    records::bumped(contact::Entity::update_many(), now)
        .col_expr(
            contact::Column::ArchivedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(contact::Column::Id.is_in(snapshot.others.iter().map(|c| c.id)))
        .exec(&txn)
        .await?;
    contact_merge::Entity::update_many()
        .col_expr(contact_merge::Column::UndoneAt, Expr::value(Some(now)))
        .filter(contact_merge::Column::Id.eq(merge_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "contact.merge_undo",
            "contact",
            Some(current.id),
        )
        .changes(json!({ "restored": snapshot.others.iter().map(|c| c.id).collect::<Vec<_>>() }))
        .job(merge_id),
    )
    .await?;
    let after = load(&txn, current.id).await?;
    txn.commit().await?;
    Ok(after)
}

/// The merges into a contact, newest first, for their page.
pub async fn merges_of(
    conn: &DatabaseConnection,
    actor: &Actor,
    contact_id: Uuid,
) -> Result<Vec<MergeRecord>, AppError> {
    authorize(
        conn,
        actor,
        contact_id,
        Action::ViewCustomer,
        "contact.view",
    )
    .await?;
    let merges = contact_merge::Entity::find()
        .filter(contact_merge::Column::SurvivorId.eq(contact_id))
        .order_by_desc(contact_merge::Column::CreatedAt)
        .all(conn)
        .await?;
    let names = crate::core::users::names(conn, merges.iter().filter_map(|m| m.user_id)).await?;
    merges
        .into_iter()
        .map(|m| {
            let snapshot: Snapshot =
                serde_json::from_value(m.snapshot).map_err(AppError::internal)?;
            Ok(MergeRecord {
                id: m.id,
                merged: snapshot.others.into_iter().map(|c| c.name).collect(),
                by: m.user_id.and_then(|id| names.get(&id).cloned()),
                at: m.created_at,
                undone: m.undone_at.is_some(),
            })
        })
        .collect()
}

/// Drops the merges that hold a person's data, when they are erased.
pub(crate) async fn forget<C: ConnectionTrait>(conn: &C, contact_id: Uuid) -> Result<(), AppError> {
    let involving = Query::select()
        .column(contact_merge_member::Column::MergeId)
        .from(contact_merge_member::Entity)
        .and_where(Expr::col(contact_merge_member::Column::ContactId).eq(contact_id))
        .to_owned();
    contact_merge::Entity::delete_many()
        .filter(contact_merge::Column::Id.in_subquery(involving))
        .exec(conn)
        .await?;
    Ok(())
}
