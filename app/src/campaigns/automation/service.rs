//! Automation rules: written by owners, managers and marketing, each edit naming the version it
//! read. The worker side, which runs them on the outbox's events, is in [`run`].

pub mod run;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::entity::{rule, run as run_row};
use super::types::{
    Action, Condition, LOG_SIZE, MAX_BODY, MAX_DAYS, MAX_NAME, MAX_TITLE, Rule, RuleForm, RuleLine,
    Run, RunStatus, TaskFor, Trigger,
};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy::{self, Action as Allowed};
use crate::core::records;
use crate::core::{audit, parse};
use crate::customers::entity::contact;
use crate::customers::segments::entity::segment;
use crate::customers::segments::types::Definition;
use crate::error::{AppError, FieldCheck, Invalid};

/// Days until a rule's task falls due when the form leaves it empty.
const DEFAULT_DAYS: u16 = 30;
/// Longest tag a condition names.
const MAX_TAG: usize = 50;

fn parse_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, AppError> {
    serde_json::from_str(json).map_err(AppError::internal)
}

fn to_json(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(AppError::internal)
}

fn trigger_of(model: &rule::Model) -> Result<Trigger, AppError> {
    Trigger::parse(&model.trigger).ok_or_else(|| AppError::internal("unknown trigger"))
}

/// The list an `AddToList` action fills.
fn list_of(actions: &[Action]) -> Option<Uuid> {
    actions.iter().find_map(|action| match action {
        Action::AddToList { segment } => Some(*segment),
        _ => None,
    })
}

async fn to_rule<C: ConnectionTrait>(conn: &C, model: rule::Model) -> Result<Rule, AppError> {
    let actions: Vec<Action> = parse_json(&model.actions)?;
    let list_name = match list_of(&actions) {
        Some(id) => segment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|s| s.name),
        None => None,
    };
    Ok(Rule {
        id: model.id,
        name: model.name.clone(),
        trigger: trigger_of(&model)?,
        conditions: parse_json(&model.conditions)?,
        actions,
        list_name,
        enabled: model.enabled,
        version: model.version,
    })
}

/// Every rule, by name, with how many runs were done and failed.
pub async fn list(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<RuleLine>, AppError> {
    policy::require(conn, actor, Allowed::ManageAutomation, "automation.list").await?;
    let rules = rule::Entity::find()
        .order_by_asc(rule::Column::Name)
        .all(conn)
        .await?;
    let counts: Vec<(Uuid, String, i64, Option<DateTime<Utc>>)> = run_row::Entity::find()
        .select_only()
        .column(run_row::Column::RuleId)
        .column(run_row::Column::Status)
        .column_as(run_row::Column::Id.count(), "runs")
        .column_as(run_row::Column::UpdatedAt.max(), "last")
        .group_by(run_row::Column::RuleId)
        .group_by(run_row::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_rule: HashMap<Uuid, (u32, u32, Option<DateTime<Utc>>)> = HashMap::new();
    for (id, status, runs, last) in counts {
        let entry = by_rule.entry(id).or_default();
        let runs = u32::try_from(runs).unwrap_or(0);
        match RunStatus::parse(&status) {
            Some(RunStatus::Done) => entry.0 = runs,
            Some(RunStatus::Failed) => entry.1 = runs,
            None => {}
        }
        entry.2 = entry.2.max(last);
    }
    rules
        .into_iter()
        .map(|model| {
            let (done, failed, last_run_at) = by_rule.remove(&model.id).unwrap_or_default();
            Ok(RuleLine {
                trigger: trigger_of(&model)?,
                id: model.id,
                name: model.name,
                enabled: model.enabled,
                done,
                failed,
                last_run_at,
            })
        })
        .collect()
}

pub async fn get(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Rule, AppError> {
    policy::require(conn, actor, Allowed::ManageAutomation, "automation.view").await?;
    let model = records::find_or_404::<rule::Entity, _>(conn, id).await?;
    to_rule(conn, model).await
}

/// The rule as it is, or a conflict carrying it when the caller read another version.
async fn current<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    version: i32,
) -> Result<rule::Model, AppError> {
    let model = records::find_or_404::<rule::Entity, _>(conn, id).await?;
    if model.version != version {
        return Err(AppError::conflict(&to_rule(conn, model).await?));
    }
    Ok(model)
}

/// The list a rule fills: one that exists, or a new one to start under that name.
enum List {
    Existing(Uuid),
    New(String),
}

struct Checked {
    name: String,
    trigger: Trigger,
    enabled: bool,
    conditions: Vec<Condition>,
    /// The actions, but for the list, which is known once it exists.
    actions: Vec<Action>,
    list: Option<List>,
}

fn conditions(form: &RuleForm, trigger: Trigger, check: &mut FieldCheck) -> Vec<Condition> {
    let mut conditions = Vec::new();
    if form.web_form_only.is_some() {
        conditions.push(Condition::FromWebForm);
    }
    let score = form.score_max.trim();
    if !score.is_empty() {
        match score.parse::<u8>().ok().filter(|n| (1..=5).contains(n)) {
            Some(max) => conditions.push(Condition::ScoreAtMost(max)),
            None => check.refuse("score_max", Invalid::Range { min: 1, max: 5 }),
        }
    }
    if let Some(tag) = check
        .check("tag", parse::optional_text(&form.tag, MAX_TAG))
        .flatten()
    {
        conditions.push(Condition::HasTag(tag));
    }
    // The form hides what the trigger cannot ask, but still posts what was typed in it.
    conditions.retain(|c| c.applies_to(trigger));
    conditions
}

async fn task(
    conn: &DatabaseConnection,
    form: &RuleForm,
    check: &mut FieldCheck,
) -> Result<Option<Action>, AppError> {
    let Some(title) = check
        .check(
            "task_title",
            parse::optional_text(&form.task_title, MAX_TITLE),
        )
        .flatten()
    else {
        return Ok(None);
    };
    let days = match form.task_days.trim() {
        "" => Some(DEFAULT_DAYS),
        days => check.check(
            "task_days",
            days.parse::<u16>()
                .ok()
                .filter(|d| *d <= MAX_DAYS)
                .ok_or(Invalid::Range {
                    min: 0,
                    max: i64::from(MAX_DAYS),
                }),
        ),
    };
    let assignee = match form.task_for.trim() {
        "" | "owner" => Some(TaskFor::Owner),
        "company_owner" => Some(TaskFor::CompanyOwner),
        id => match Uuid::parse_str(id) {
            Ok(id) if crate::core::users::is_active(conn, id).await? => Some(TaskFor::User(id)),
            _ => {
                check.refuse("task_for", Invalid::Choice);
                None
            }
        },
    };
    Ok(days
        .zip(assignee)
        .map(|(days, assignee)| Action::CreateTask {
            title,
            days,
            assignee,
        }))
}

async fn list_choice(
    conn: &DatabaseConnection,
    form: &RuleForm,
    check: &mut FieldCheck,
) -> Result<Option<List>, AppError> {
    let Some(name) = check
        .check("list", parse::optional_text(&form.list, MAX_NAME))
        .flatten()
    else {
        return Ok(None);
    };
    let Some(existing) = segment::Entity::find()
        .filter(segment::Column::Name.eq(name.as_str()))
        .one(conn)
        .await?
    else {
        return Ok(Some(List::New(name)));
    };
    if parse_json::<Definition>(&existing.definition)? != Definition::Fixed {
        check.refuse("list", Invalid::NotAList);
        return Ok(None);
    }
    Ok(Some(List::Existing(existing.id)))
}

fn mail(form: &RuleForm, check: &mut FieldCheck) -> Option<Action> {
    let subject = check.check(
        "mail_subject",
        parse::optional_text(&form.mail_subject, MAX_TITLE),
    );
    let body = check.check(
        "mail_body",
        parse::optional_long_text(&form.mail_body, MAX_BODY),
    );
    match (subject.flatten(), body.flatten()) {
        (Some(subject), Some(body)) => Some(Action::SendEmail { subject, body }),
        (Some(_), None) => {
            check.refuse("mail_body", Invalid::Required);
            None
        }
        (None, Some(_)) => {
            check.refuse("mail_subject", Invalid::Required);
            None
        }
        (None, None) => None,
    }
}

async fn checked(conn: &DatabaseConnection, form: &RuleForm) -> Result<Checked, AppError> {
    let mut check = FieldCheck::default();
    let name = check.check("name", parse::text(&form.name, MAX_NAME));
    let trigger = check.check(
        "trigger",
        Trigger::parse(&form.trigger).ok_or(Invalid::Choice),
    );
    let conditions = conditions(form, trigger.unwrap_or(Trigger::DealWon), &mut check);
    let list = list_choice(conn, form, &mut check).await?;
    let mut actions: Vec<Action> = task(conn, form, &mut check).await?.into_iter().collect();
    if form.assign_company_owner.is_some() {
        actions.push(Action::AssignCompanyOwner);
    }
    actions.extend(mail(form, &mut check));
    let asked = [
        &form.list,
        &form.task_title,
        &form.mail_subject,
        &form.mail_body,
    ]
    .iter()
    .any(|field| !field.trim().is_empty());
    if !asked && actions.is_empty() {
        check.refuse("actions", Invalid::Required);
    }
    let (Some(name), Some(trigger)) = (name, trigger) else {
        return Err(check.into_error());
    };
    check.finish()?;
    Ok(Checked {
        name,
        trigger,
        enabled: form.enabled.is_some(),
        conditions,
        actions,
        list,
    })
}

/// Saves a new rule or the edit of one. A list named that does not exist yet is started,
/// empty, for the rule to fill.
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &RuleForm,
    now: DateTime<Utc>,
) -> Result<Rule, AppError> {
    policy::require(conn, actor, Allowed::ManageAutomation, "automation.save").await?;
    let checked = checked(conn, form).await?;
    let txn = crate::core::db::write(conn).await?;
    let mut actions = checked.actions;
    let list = match checked.list {
        Some(List::Existing(id)) => Some(id),
        Some(List::New(name)) => Some(
            crate::customers::segments::service::insert(
                &txn,
                actor,
                name,
                Definition::Fixed,
                &[],
                now,
            )
            .await
            // Another list took the name since it was checked.
            .map_err(|err| match err {
                AppError::Validation(_) => AppError::invalid("list", Invalid::Taken),
                err => err,
            })?
            .id,
        ),
        None => None,
    };
    if let Some(segment) = list {
        actions.insert(0, Action::AddToList { segment });
    }
    let (conditions, actions) = (to_json(&checked.conditions)?, to_json(&actions)?);
    let (model, action) = match form.id.trim() {
        "" => {
            let model = rule::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(checked.name),
                trigger: Set(checked.trigger.as_str().to_owned()),
                conditions: Set(conditions),
                actions: Set(actions),
                enabled: Set(checked.enabled),
                created_by: Set(Some(actor.user.id)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            (model, "automation.create")
        }
        id => {
            let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
            let version = form
                .version
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("version", Invalid::Required))?;
            let model = current(&txn, id, version).await?;
            let version = model.version;
            let model = rule::ActiveModel {
                name: Set(checked.name),
                trigger: Set(checked.trigger.as_str().to_owned()),
                conditions: Set(conditions),
                actions: Set(actions),
                enabled: Set(checked.enabled),
                version: Set(version + 1),
                updated_at: Set(now),
                ..model.into()
            }
            .update(&txn)
            .await?;
            (model, "automation.update")
        }
    };
    let saved = to_rule(&txn, model).await?;
    audit::record(
        &txn,
        entry(actor, action, saved.id).changes(json!({
            "name": saved.name,
            "trigger": saved.trigger,
            "conditions": saved.conditions,
            "actions": saved.actions,
            "enabled": saved.enabled,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Deletes a rule and its run log, if nobody changed it since the caller read it.
pub async fn delete(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> Result<(), AppError> {
    policy::require(conn, actor, Allowed::ManageAutomation, "automation.delete").await?;
    let txn = crate::core::db::write(conn).await?;
    let model = current(&txn, id, version).await?;
    rule::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        entry(actor, "automation.delete", id).changes(json!({ "name": model.name })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The rule's latest runs, newest first.
pub async fn runs(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<Run>, AppError> {
    policy::require(conn, actor, Allowed::ManageAutomation, "automation.runs").await?;
    let rows = run_row::Entity::find()
        .filter(run_row::Column::RuleId.eq(id))
        .order_by_desc(run_row::Column::UpdatedAt)
        .limit(LOG_SIZE)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.contact_id).collect();
    let names: HashMap<Uuid, String> = contact::Entity::find()
        .select_only()
        .column(contact::Column::Id)
        .column(contact::Column::Name)
        .filter(contact::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            Ok(Run {
                id: row.id,
                at: row.updated_at,
                status: RunStatus::parse(&row.status)
                    .ok_or_else(|| AppError::internal("unknown run status"))?,
                attempts: u32::try_from(row.attempts).unwrap_or(0),
                contact_name: row.contact_id.and_then(|id| names.get(&id).cloned()),
                contact_id: row.contact_id,
                outcomes: parse_json(&row.outcome)?,
                error: row.error.as_deref().map(parse_json).transpose()?,
            })
        })
        .collect()
}

fn entry<'a>(actor: &Actor, action: &'a str, id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, "automation_rule", Some(id))
}
