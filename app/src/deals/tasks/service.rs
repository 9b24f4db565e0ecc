//! Every rule about tasks: who may add and finish them, and which are due.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entity::{ActiveModel, Column, Entity, Model};
use super::types::{Task, TaskForm, TaskGroups, snoozed};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::core::db::Writer;
use crate::core::policy::{self, Action, Scope};
use crate::core::{audit, db, parse, records, settings};
use crate::customers::entity::contact;
use crate::deals::entity::deal;
use crate::error::{AppError, FieldCheck, Invalid};

/// At most this many open tasks show in "my tasks".
const MY_TASKS: u64 = 300;

/// The tasks as people read them, with the title of each one's deal and the name of its
/// contact where `scope` sees them: a task someone else gave, about a record hidden from its
/// assignee, does not show what that record is.
async fn to_tasks<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    models: Vec<Model>,
) -> Result<Vec<Task>, AppError> {
    let assignees =
        crate::core::users::names(conn, models.iter().filter_map(|m| m.assignee_id)).await?;
    let deals: HashMap<Uuid, String> = policy::within(deal::Entity::find(), scope)
        .select_only()
        .columns([deal::Column::Id, deal::Column::Title])
        .filter(deal::Column::Id.is_in(models.iter().filter_map(|m| m.deal_id)))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let contacts: HashMap<Uuid, String> = policy::within(contact::Entity::find(), scope)
        .select_only()
        .columns([contact::Column::Id, contact::Column::Name])
        .filter(contact::Column::Id.is_in(models.iter().filter_map(|m| m.contact_id)))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(models
        .into_iter()
        .map(|m| Task {
            assignee_name: m.assignee_id.and_then(|a| assignees.get(&a).cloned()),
            deal_title: m.deal_id.and_then(|d| deals.get(&d).cloned()),
            contact_name: m.contact_id.and_then(|c| contacts.get(&c).cloned()),
            id: m.id,
            title: m.title,
            due_at: m.due_at,
            assignee_id: m.assignee_id,
            deal_id: m.deal_id,
            contact_id: m.contact_id,
            done: m.done_at.is_some(),
            version: m.version,
        })
        .collect())
}

/// One task as `actor` reads it.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<Task, AppError> {
    let model = records::find_or_404::<Entity, _>(conn, id).await?;
    let scope = policy::scope(conn, actor).await?;
    Ok(to_tasks(conn, scope, vec![model]).await?.remove(0))
}

/// Adds a task; it is linked to a deal or a contact only if the user may see it.
pub async fn create<C: Writer>(
    conn: &C,
    actor: &Actor,
    form: &TaskForm,
    now: DateTime<Utc>,
) -> Result<Task, AppError> {
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    let mut check = FieldCheck::default();
    let title = check.check("title", parse::text(&form.title, 200));
    let due = check.check("due", parse::local_datetime(&form.due, zone));
    let assignee = match form.assignee_id.trim() {
        "" => Some(actor.user.id),
        id => match Uuid::parse_str(id) {
            Ok(id) if crate::core::users::is_active(conn, id).await? => Some(id),
            _ => {
                check.refuse("assignee_id", Invalid::Choice);
                None
            }
        },
    };
    if let Some(id) = form.deal_id {
        crate::deals::service::authorize(conn, actor, id, Action::ViewDeal, "task.create").await?;
    }
    if let Some(id) = form.contact_id {
        crate::customers::service::authorize(conn, actor, id, Action::ViewCustomer, "task.create")
            .await?;
    }
    let (Some(title), Some(due), Some(assignee)) = (title, due, assignee) else {
        return Err(check.into_error());
    };
    check.finish()?;
    let id = records::new_id(form.id)?;
    let txn = db::write(conn).await?;
    let task = insert(
        &txn,
        NewTask {
            id,
            title,
            due_at: due,
            assignee_id: Some(assignee),
            deal_id: form.deal_id,
            contact_id: form.contact_id,
        },
        Some(actor.user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(task)
}

/// A task as checked, to write.
pub(crate) struct NewTask {
    pub id: Uuid,
    pub title: String,
    pub due_at: DateTime<Utc>,
    pub assignee_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
}

/// Writes a task, audited as created by `by` (nobody: an automation rule).
pub(crate) async fn insert<C: ConnectionTrait>(
    txn: &C,
    new: NewTask,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Task, AppError> {
    let id = new.id;
    let model = ActiveModel {
        id: Set(id),
        title: Set(new.title),
        due_at: Set(new.due_at),
        assignee_id: Set(new.assignee_id),
        deal_id: Set(new.deal_id),
        contact_id: Set(new.contact_id),
        done_at: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    // Its creator saw what it links to (a rule sees everything).
    let task = to_tasks(txn, Scope::All, vec![model]).await?.remove(0);
    let changes = serde_json::to_value(&task).map_err(AppError::internal)?;
    audit::record(
        txn,
        audit::Entry::new(by, "task.create", "task", Some(id)).changes(changes),
    )
    .await?;
    Ok(task)
}

/// The task, if the actor may tick it off or move it: its assignee, whoever created it, and
/// managers.
pub(crate) async fn changeable<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    action: &str,
) -> Result<Model, AppError> {
    let model = records::find_or_404::<Entity, _>(conn, id).await?;
    let me = Some(actor.user.id);
    let may = actor.user.active
        && (model.assignee_id == me
            || model.created_by == me
            || matches!(actor.user.role, Role::Owner | Role::Manager));
    if !may {
        return Err(policy::refused(actor, action));
    }
    Ok(model)
}

/// One task, to those who may change it.
pub async fn get(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Task, AppError> {
    changeable(conn, actor, id, "task.view").await?;
    load(conn, actor, id).await
}

/// Marks a task done or open again.
pub async fn set_done<C: Writer>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    version: i32,
    done: bool,
    now: DateTime<Utc>,
) -> Result<Task, AppError> {
    changeable(conn, actor, id, "task.done").await?;
    let txn = db::write(conn).await?;
    let done_at = Entity::update_many().col_expr(Column::DoneAt, Expr::value(done.then_some(now)));
    records::update_versioned(&txn, done_at, id, version, now, async || {
        load(&txn, actor, id).await
    })
    .await?;
    let task = load(&txn, actor, id).await?;
    let action = if done { "task.done" } else { "task.reopen" };
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), action, "task", Some(id)),
    )
    .await?;
    txn.commit().await?;
    Ok(task)
}

/// Moves a task to `due`, a local time in the user's zone as the form posts it.
pub async fn reschedule<C: Writer>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    version: i32,
    due: &str,
    now: DateTime<Utc>,
) -> Result<Task, AppError> {
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    let due = parse::local_datetime(due, zone).map_err(|why| AppError::invalid("due", why))?;
    changeable(conn, actor, id, "task.reschedule").await?;
    move_to(conn, actor, id, version, due, now).await
}

/// Puts a task off to the user's next day, at the same time.
pub async fn snooze(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<Task, AppError> {
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    let model = changeable(conn, actor, id, "task.reschedule").await?;
    move_to(
        conn,
        actor,
        id,
        version,
        snoozed(model.due_at, now, zone),
        now,
    )
    .await
}

async fn move_to<C: Writer>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    version: i32,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Task, AppError> {
    let txn = db::write(conn).await?;
    let due_at = Entity::update_many().col_expr(Column::DueAt, Expr::value(due));
    records::update_versioned(&txn, due_at, id, version, now, async || {
        load(&txn, actor, id).await
    })
    .await?;
    let task = load(&txn, actor, id).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "task.reschedule", "task", Some(id))
            .changes(serde_json::json!({ "due_at": due })),
    )
    .await?;
    txn.commit().await?;
    Ok(task)
}

/// The open tasks of `assignee` changed since `since` (all of them without one), and the ids
/// of those changed since that are done or someone else's: what the assignee's device keeps.
pub async fn held<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    since: Option<DateTime<Utc>>,
) -> Result<(Vec<Task>, Vec<Uuid>), AppError> {
    let assignee = actor.user.id;
    let mut changed = Entity::find()
        .filter(Column::AssigneeId.eq(assignee))
        .filter(Column::DoneAt.is_null());
    let mut gone = Vec::new();
    if let Some(since) = since {
        changed = changed.filter(Column::UpdatedAt.gt(since));
        gone = Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::UpdatedAt.gt(since))
            .filter(
                Condition::any()
                    .add(Column::AssigneeId.is_null())
                    .add(Column::AssigneeId.ne(assignee))
                    .add(Column::DoneAt.is_not_null()),
            )
            .into_tuple()
            .all(conn)
            .await?;
    }
    let models = changed
        .order_by_asc(Column::DueAt)
        .limit(MY_TASKS)
        .all(conn)
        .await?;
    let scope = policy::scope(conn, actor).await?;
    Ok((to_tasks(conn, scope, models).await?, gone))
}

/// The user's open tasks: overdue, due today in their time zone, and later.
pub async fn mine(
    conn: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<TaskGroups, AppError> {
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    let models = Entity::find()
        .filter(Column::AssigneeId.eq(actor.user.id))
        .filter(Column::DoneAt.is_null())
        .order_by_asc(Column::DueAt)
        .order_by_asc(Column::Id)
        .limit(MY_TASKS)
        .all(conn)
        .await?;
    let tasks = to_tasks(conn, policy::scope(conn, actor).await?, models).await?;
    Ok(TaskGroups::of(tasks, now, zone))
}

/// The tasks of one deal or one contact, open ones first by due time.
pub async fn of_record(
    conn: &DatabaseConnection,
    actor: &Actor,
    deal: Option<Uuid>,
    contact: Option<Uuid>,
) -> Result<Vec<Task>, AppError> {
    let linked = match (deal, contact) {
        (Some(id), _) => {
            crate::deals::service::get(conn, actor, id).await?;
            Column::DealId.eq(id)
        }
        (None, Some(id)) => {
            crate::customers::service::get(conn, actor, id).await?;
            Column::ContactId.eq(id)
        }
        (None, None) => return Err(AppError::NotFound),
    };
    let models = Entity::find()
        .filter(Condition::all().add(linked))
        .order_by_asc(Column::DoneAt.is_not_null())
        .order_by_asc(Column::DueAt)
        .limit(100)
        .all(conn)
        .await?;
    to_tasks(conn, policy::scope(conn, actor).await?, models).await
}

/// How many of the user's open tasks are due by `now`: the reminder badge.
pub async fn due_count<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(Entity::find()
        .filter(Column::AssigneeId.eq(actor.user.id))
        .filter(Column::DoneAt.is_null())
        .filter(Column::DueAt.lte(now))
        .count(conn)
        .await?)
}

/// The earliest open task of each of `deals`, in one query: the date on the board's cards.
pub async fn next_due<C: ConnectionTrait>(
    conn: &C,
    deals: &[Uuid],
) -> Result<HashMap<Uuid, DateTime<Utc>>, AppError> {
    if deals.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, DateTime<Utc>)> = Entity::find()
        .select_only()
        .column(Column::DealId)
        .column_as(Column::DueAt.min(), "due")
        .filter(Column::DealId.is_in(deals.iter().copied()))
        .filter(Column::DoneAt.is_null())
        .group_by(Column::DealId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
