//! Running the rules on the outbox's events. Each rule acts at most once per event: its run
//! row, unique per rule and event, is written in the transaction of its actions, so an event
//! handled again (a retry, a crash after acting, two workers) finds it and does nothing. A
//! rule that fails leaves a failed run with why, and the event is tried again with the
//! outbox's backoff until the rule succeeds or the outbox gives up.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use serde_json::json;
use uuid::Uuid;

use super::super::entity::{rule, run};
use super::super::types::{
    Action, Condition, Facts, Failure, Outcome, RunStatus, Skip, TaskFor, Trigger,
};
use super::parse_json;
use crate::core::code::TextCode;
use crate::core::events::{Event, RuleMail};
use crate::core::mail::{Mail, message_id};
use crate::core::outbox::Stored;
use crate::core::records;
use crate::core::{audit, outbox, settings, template};
use crate::customers::entity::{company, contact, contact_tag};
use crate::customers::segments::entity::{segment, segment_member};
use crate::deals::entity::deal;
use crate::deals::tasks;
use crate::error::AppError;
use crate::tickets::entity::ticket;

/// The trigger an event pulls, the record it is about, and what the event itself tells of it.
fn pulled(event: &Event) -> Option<(Trigger, Uuid, Facts)> {
    let facts = |web_form, score| Facts {
        web_form,
        score,
        tags: Vec::new(),
    };
    match event {
        Event::DealWon(deal) => Some((Trigger::DealWon, deal.id, facts(false, None))),
        Event::DealLost(deal) => Some((Trigger::DealLost, deal.id, facts(false, None))),
        Event::ContactCreated(contact) => Some((
            Trigger::ContactCreated,
            contact.id,
            facts(contact.form.is_some(), None),
        )),
        Event::TicketRated(rating) => Some((
            Trigger::TicketRated,
            rating.id,
            facts(false, Some(rating.score)),
        )),
        _ => None,
    }
}

/// The records an event is about.
#[derive(Clone)]
struct Subject {
    contact: Option<contact::Model>,
    deal: Option<deal::Model>,
    ticket: Option<ticket::Model>,
    company: Option<company::Model>,
    facts: Facts,
}

impl Subject {
    /// The deal's owner, the ticket's assignee, or the contact's owner.
    fn owner(&self) -> Option<Uuid> {
        match (&self.deal, &self.ticket) {
            (Some(deal), _) => deal.owner_id,
            (_, Some(ticket)) => ticket.assignee_id,
            _ => self.contact.as_ref().and_then(|c| c.owner_id),
        }
    }
}

async fn find<E: EntityTrait<Model = M>, M, C: ConnectionTrait>(
    conn: &C,
    id: Option<Uuid>,
) -> Result<Option<M>, AppError>
where
    E::PrimaryKey: sea_orm::PrimaryKeyTrait<ValueType = Uuid>,
{
    Ok(match id {
        Some(id) => E::find_by_id(id).one(conn).await?,
        None => None,
    })
}

/// What the event is about, or nothing when its record is gone.
async fn subject(
    conn: &DatabaseConnection,
    trigger: Trigger,
    id: Uuid,
    mut facts: Facts,
) -> Result<Option<Subject>, AppError> {
    let (deal, ticket, contact) = match trigger {
        Trigger::DealWon | Trigger::DealLost => {
            let Some(deal) = find::<deal::Entity, _, _>(conn, Some(id)).await? else {
                return Ok(None);
            };
            let contact = find::<contact::Entity, _, _>(conn, deal.contact_id).await?;
            (Some(deal), None, contact)
        }
        Trigger::ContactCreated => {
            let Some(contact) = find::<contact::Entity, _, _>(conn, Some(id)).await? else {
                return Ok(None);
            };
            (None, None, Some(contact))
        }
        Trigger::TicketRated => {
            let Some(ticket) = find::<ticket::Entity, _, _>(conn, Some(id)).await? else {
                return Ok(None);
            };
            facts.score = facts
                .score
                .or_else(|| ticket.satisfaction.and_then(|s| u8::try_from(s).ok()));
            let contact = find::<contact::Entity, _, _>(conn, Some(ticket.contact_id)).await?;
            (None, Some(ticket), contact)
        }
    };
    let company_id = deal
        .as_ref()
        .and_then(|d| d.company_id)
        .or_else(|| ticket.as_ref().and_then(|t| t.company_id))
        .or_else(|| contact.as_ref().and_then(|c| c.company_id));
    if let Some(contact) = &contact {
        facts.tags = contact_tag::Entity::find()
            .filter(contact_tag::Column::ContactId.eq(contact.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| t.tag)
            .collect();
    }
    Ok(Some(Subject {
        company: find::<company::Entity, _, _>(conn, company_id).await?,
        contact,
        deal,
        ticket,
        facts,
    }))
}

/// Runs the enabled rules of the event's trigger; returns how many failed (they are tried
/// again with the event). Events of other topics, and events whose record is gone, do nothing.
pub async fn handle(
    conn: &DatabaseConnection,
    stored: &Stored,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    // Events no rule listens to, and rows this build cannot read, start nothing.
    let Some((trigger, id, facts)) = stored.event().ok().as_ref().and_then(pulled) else {
        return Ok(0);
    };
    let rules = rule::Entity::find()
        .filter(rule::Column::Trigger.eq(trigger.as_str()))
        .filter(rule::Column::Enabled.eq(true))
        .order_by_asc(rule::Column::CreatedAt)
        .all(conn)
        .await?;
    if rules.is_empty() {
        return Ok(0);
    }
    let Some(subject) = subject(conn, trigger, id, facts).await? else {
        return Ok(0);
    };
    let mut failed = 0;
    for rule in rules {
        let conditions: Vec<Condition> = parse_json(&rule.conditions)?;
        if !conditions.iter().all(|c| c.holds(&subject.facts)) {
            continue;
        }
        let actions: Vec<Action> = parse_json(&rule.actions)?;
        if let Err(failure) = act(conn, &rule, &actions, &subject, stored.id, now).await {
            tracing::warn!(rule = %rule.id, ?failure, "automation rule failed");
            failed_run(conn, rule.id, stored.id, &subject, &failure, now).await?;
            failed += 1;
        }
    }
    Ok(failed)
}

impl From<AppError> for Failure {
    fn from(err: AppError) -> Self {
        Failure::Other(err.to_string())
    }
}

impl From<sea_orm::DbErr> for Failure {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::from(err).into()
    }
}

fn contact_id(subject: &Subject) -> Option<Uuid> {
    subject.contact.as_ref().map(|c| c.id)
}

/// Records an attempt of the (rule, event) pair as `status`: a new run, or another attempt
/// of a failed one. False when a run of the pair succeeded already, or another worker records
/// the pair first (of two racing, one changes the row or inserts it), so nothing is to be done.
async fn record_attempt<C: ConnectionTrait>(
    txn: &C,
    rule: Uuid,
    event: Uuid,
    subject: &Subject,
    status: RunStatus,
    error: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let existing = run::Entity::find()
        .filter(run::Column::RuleId.eq(rule))
        .filter(run::Column::EventId.eq(event))
        .one(txn)
        .await?;
    match existing {
        Some(row) => {
            let recorded = run::Entity::update_many()
                .col_expr(run::Column::Status, Expr::value(status.as_str()))
                .col_expr(run::Column::Attempts, Expr::value(row.attempts + 1))
                .col_expr(run::Column::Error, Expr::value(error))
                .col_expr(run::Column::UpdatedAt, Expr::value(now))
                .filter(run::Column::Id.eq(row.id))
                .filter(run::Column::Status.eq(RunStatus::Failed.as_str()))
                .exec(txn)
                .await?;
            Ok(recorded.rows_affected == 1)
        }
        None => {
            let inserted = new_run(rule, event, subject, status, error, now)
                .insert(txn)
                .await;
            match inserted {
                Ok(_) => Ok(true),
                Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    Ok(false)
                }
                Err(err) => Err(err.into()),
            }
        }
    }
}

fn new_run(
    rule: Uuid,
    event: Uuid,
    subject: &Subject,
    status: RunStatus,
    error: Option<String>,
    now: DateTime<Utc>,
) -> run::ActiveModel {
    run::ActiveModel {
        id: Set(Uuid::now_v7()),
        rule_id: Set(rule),
        event_id: Set(event),
        contact_id: Set(contact_id(subject)),
        status: Set(status.as_str().to_owned()),
        attempts: Set(1),
        outcome: Set("[]".to_owned()),
        error: Set(error),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Does the rule's actions and records its run, all or nothing.
async fn act(
    conn: &DatabaseConnection,
    rule: &rule::Model,
    actions: &[Action],
    subject: &Subject,
    event: Uuid,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let txn = crate::core::db::write(conn).await?;
    if !record_attempt(&txn, rule.id, event, subject, RunStatus::Done, None, now).await? {
        return Ok(());
    }
    // Each action sees what the ones before it changed (a new owner to sign the mail).
    let mut subject = subject.clone();
    let mut outcomes = Vec::with_capacity(actions.len());
    for action in actions {
        outcomes.push(perform(&txn, action, &mut subject, now).await?);
    }
    let outcome = serde_json::to_string(&outcomes).map_err(AppError::internal)?;
    run::Entity::update_many()
        .col_expr(run::Column::Outcome, Expr::value(outcome))
        .filter(run::Column::RuleId.eq(rule.id))
        .filter(run::Column::EventId.eq(event))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry::new(None, "automation.run", "automation_rule", Some(rule.id)).changes(
            json!({ "event": event, "contact": contact_id(&subject), "outcomes": outcomes }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records a failed attempt, unless a run of the pair succeeded meanwhile.
async fn failed_run(
    conn: &DatabaseConnection,
    rule: Uuid,
    event: Uuid,
    subject: &Subject,
    failure: &Failure,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let error = serde_json::to_string(failure).map_err(AppError::internal)?;
    let txn = crate::core::db::write(conn).await?;
    let (status, error) = (RunStatus::Failed, Some(error));
    if record_attempt(&txn, rule, event, subject, status, error, now).await? {
        txn.commit().await?;
    }
    Ok(())
}

/// The value of a merge field for the event's records.
async fn merge_values<C: ConnectionTrait>(
    txn: &C,
    subject: &Subject,
) -> Result<impl Fn(&str) -> Option<String>, AppError> {
    let owner_name = match subject.owner() {
        Some(id) => crate::core::users::names(txn, [id]).await?.remove(&id),
        None => None,
    };
    let owner_name = match owner_name {
        Some(name) => name,
        None => settings::service::get(txn)
            .await?
            .map(|s| s.company_name)
            .unwrap_or_default(),
    };
    let contact = subject.contact.clone();
    let company = subject.company.as_ref().map(|c| c.name.clone());
    let deal = subject.deal.as_ref().map(|d| d.title.clone());
    let ticket = subject
        .ticket
        .as_ref()
        .map(|t| format!("#{} {}", t.number, t.subject));
    Ok(move |key: &str| match key {
        "first_name" => contact
            .as_ref()
            .map(|c| c.given_name.clone().unwrap_or_else(|| c.name.clone())),
        "name" => contact.as_ref().map(|c| c.name.clone()),
        "owner_name" => Some(owner_name.clone()),
        "company" => Some(company.clone().unwrap_or_default()),
        "deal" => Some(deal.clone().unwrap_or_default()),
        "ticket" => Some(ticket.clone().unwrap_or_default()),
        _ => None,
    })
}

async fn perform<C: ConnectionTrait>(
    txn: &C,
    action: &Action,
    subject: &mut Subject,
    now: DateTime<Utc>,
) -> Result<Outcome, Failure> {
    let skipped = |why| Ok(Outcome::Skipped(why));
    match action {
        Action::AddToList { segment } => {
            let Some(contact) = &subject.contact else {
                return skipped(Skip::NoContact);
            };
            let list = segment::Entity::find_by_id(*segment)
                .one(txn)
                .await?
                .ok_or(Failure::ListGone)?;
            let member = segment_member::Entity::find_by_id((list.id, contact.id))
                .one(txn)
                .await?;
            if member.is_none() {
                segment_member::ActiveModel {
                    segment_id: Set(list.id),
                    contact_id: Set(contact.id),
                }
                .insert(txn)
                .await?;
            }
            Ok(Outcome::AddedToList(list.name))
        }
        Action::CreateTask {
            title,
            days,
            assignee,
        } => {
            let assignee = match assignee {
                TaskFor::Owner => subject.owner(),
                TaskFor::CompanyOwner => subject.company.as_ref().and_then(|c| c.owner_id),
                TaskFor::User(id) => {
                    if !crate::core::users::is_active(txn, *id).await? {
                        return Err(Failure::UserGone);
                    }
                    Some(*id)
                }
            };
            let title = template::fill(title, merge_values(txn, subject).await?);
            let task = tasks::service::insert(
                txn,
                tasks::service::NewTask {
                    id: Uuid::now_v7(),
                    title,
                    due_at: now + TimeDelta::days(i64::from(*days)),
                    assignee_id: assignee,
                    deal_id: subject.deal.as_ref().map(|d| d.id),
                    contact_id: contact_id(subject),
                },
                None,
                now,
            )
            .await?;
            Ok(Outcome::TaskCreated {
                title: task.title,
                assignee: task.assignee_name,
            })
        }
        Action::AssignCompanyOwner => {
            let Some(contact) = subject.contact.as_mut() else {
                return skipped(Skip::NoContact);
            };
            let Some(owner) = subject.company.as_ref().and_then(|c| c.owner_id) else {
                return skipped(Skip::NoCompanyOwner);
            };
            // The version moves on, so an edit opened before this one conflicts instead of
            // putting the old owner back.
            records::bumped(contact::Entity::update_many(), now)
                .col_expr(contact::Column::OwnerId, Expr::value(owner))
                .filter(contact::Column::Id.eq(contact.id))
                .exec(txn)
                .await?;
            audit::record(
                txn,
                audit::Entry::new(None, "contact.assign", "contact", Some(contact.id))
                    .changes(json!({ "owner_id": [contact.owner_id, owner] })),
            )
            .await?;
            contact.owner_id = Some(owner);
            let name = crate::core::users::names(txn, [owner])
                .await?
                .remove(&owner);
            Ok(Outcome::AssignedTo(name.unwrap_or_default()))
        }
        Action::SendEmail {
            subject: title,
            body,
        } => {
            let Some(contact) = &subject.contact else {
                return skipped(Skip::NoContact);
            };
            let Some(email) = mailbox(contact) else {
                return skipped(Skip::NoEmail);
            };
            if contact.unsubscribed_at.is_some() {
                return skipped(Skip::Unsubscribed);
            }
            let values = merge_values(txn, subject).await?;
            let mail = RuleMail {
                id: Uuid::now_v7(),
                contact: contact.id,
                // A subject is one line, whatever a merge field holds.
                subject: template::fill(title, &values).replace(['\r', '\n'], " "),
                text: template::fill(body, &values),
            };
            outbox::enqueue(txn, &Event::AutomationMail(mail)).await?;
            Ok(Outcome::Mailed(email))
        }
    }
}

/// The contact's address, if it is one.
fn mailbox(contact: &contact::Model) -> Option<String> {
    let email = contact.email.as_deref()?;
    crate::core::parse::Email::parse(email)
        .ok()
        .map(|e| e.into_string())
}

/// The rule's mail as the contact gets it, or nothing when they opted out or lost their
/// address since the rule ran.
pub async fn mail(
    conn: &DatabaseConnection,
    event: RuleMail,
    domain: &str,
) -> Result<Option<Mail>, AppError> {
    let Some(contact) = contact::Entity::find_by_id(event.contact).one(conn).await? else {
        return Ok(None);
    };
    let Some(to_email) = mailbox(&contact).filter(|_| contact.unsubscribed_at.is_none()) else {
        return Ok(None);
    };
    let from_name = settings::service::get(conn)
        .await?
        .map(|s| s.company_name)
        .unwrap_or_default();
    Ok(Some(Mail {
        to_name: contact.name,
        to_email,
        from_name,
        subject: event.subject,
        text: event.text,
        message_id: message_id(event.id, domain),
        in_reply_to: None,
        references: Vec::new(),
        html: None,
        list_unsubscribe: None,
        files: Vec::new(),
    }))
}
