//! Campaigns: written as drafts by marketing (and owners and managers), previewed for a chosen
//! recipient, test-sent to oneself, scheduled, paused, resumed and cancelled. Every change
//! names the version it read; a stale one gets a conflict carrying the campaign as it is.

pub mod mail;
pub mod report;
pub mod sending;
pub mod tracking;
pub mod unsubscribe;

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::entity::{campaign, recipient};
use super::types::{
    Campaign, CampaignForm, CampaignLine, Command, Counts, DEFAULT_PER_MINUTE, Exclusion, MAX_BODY,
    MAX_NAME, MAX_SUBJECT, PER_MINUTE, Preview, Status,
};
use crate::core::actor::Actor;
use crate::core::events::{CampaignRun, CampaignTest, Event};
use crate::core::policy::{self, Action};
use crate::core::records;
use crate::core::signing::{SecretKey, Token};
use crate::core::{audit, outbox, parse, settings};
use crate::customers::entity::contact;
use crate::customers::segments::entity::{segment, segment_member};
use crate::error::{AppError, FieldCheck, Invalid};

const MAX_GOAL: usize = 2_000;
/// Contacts offered to preview a campaign as.
const SAMPLE: u64 = 20;

/// What a link's token says, once its signature for `purpose` holds; every fault of a link
/// is the same answer.
fn signed_payload(key: &SecretKey, purpose: &str, token: &str) -> Result<Vec<u8>, AppError> {
    let bad = || AppError::invalid("token", Invalid::Link);
    let token = Token::parse(token).ok_or_else(bad)?;
    if !key.verify_lasting(purpose, &token, b"") {
        return Err(bad());
    }
    Ok(token.payload)
}

fn status_of(model: &campaign::Model) -> Result<Status, AppError> {
    Status::parse(&model.status).ok_or_else(|| AppError::internal("unknown campaign status"))
}

/// Each campaign's recipients by where they are.
async fn counts<C: ConnectionTrait>(
    conn: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Counts>, AppError> {
    let rows: Vec<(Uuid, String, Option<String>, bool, i64)> = recipient::Entity::find()
        .select_only()
        .column(recipient::Column::CampaignId)
        .column(recipient::Column::Status)
        .column(recipient::Column::Excluded)
        .column_as(
            recipient::Column::UnsubscribedAt.is_not_null(),
            "unsubscribed",
        )
        .column_as(recipient::Column::Id.count(), "n")
        .filter(recipient::Column::CampaignId.is_in(ids.iter().copied()))
        .group_by(recipient::Column::CampaignId)
        .group_by(recipient::Column::Status)
        .group_by(recipient::Column::Excluded)
        .group_by(recipient::Column::UnsubscribedAt.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    let mut counts: HashMap<Uuid, Counts> = HashMap::new();
    for (id, status, excluded, unsubscribed, n) in rows {
        let n = u32::try_from(n).unwrap_or(0);
        let c = counts.entry(id).or_default();
        if unsubscribed {
            c.unsubscribed += n;
        }
        match (
            status.as_str(),
            excluded.as_deref().and_then(Exclusion::parse),
        ) {
            (mail::QUEUED, _) => c.queued += n,
            (mail::SENT, _) => c.sent += n,
            (mail::FAILED, _) => c.failed += n,
            (_, Some(Exclusion::Unsubscribed)) => c.excluded_unsubscribed += n,
            (_, Some(Exclusion::NoConsent)) => c.excluded_no_consent += n,
            (_, _) => c.excluded_no_email += n,
        }
    }
    Ok(counts)
}

async fn segment_names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(segment::Entity::find()
        .filter(segment::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}

async fn to_campaign<C: ConnectionTrait>(
    conn: &C,
    model: campaign::Model,
) -> Result<Campaign, AppError> {
    let counts = counts(conn, &[model.id])
        .await?
        .remove(&model.id)
        .unwrap_or_default();
    let segment_name = segment_names(conn, model.segment_id)
        .await?
        .into_values()
        .next();
    Ok(Campaign {
        status: status_of(&model)?,
        id: model.id,
        name: model.name,
        goal: model.goal,
        segment_id: model.segment_id,
        segment_name,
        subject: model.subject,
        html: model.html,
        text: model.body,
        per_minute: u32::try_from(model.per_minute).unwrap_or(DEFAULT_PER_MINUTE),
        scheduled_at: model.scheduled_at,
        started_at: model.started_at,
        finished_at: model.finished_at,
        counts,
        version: model.version,
    })
}

/// Every campaign, newest first.
pub async fn list(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<CampaignLine>, AppError> {
    policy::require(conn, actor, Action::ManageCampaigns, "campaign.list").await?;
    let models = campaign::Entity::find()
        .order_by_desc(campaign::Column::CreatedAt)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut counts = counts(conn, &ids).await?;
    let names = segment_names(conn, models.iter().filter_map(|m| m.segment_id)).await?;
    models
        .into_iter()
        .map(|m| {
            let c = counts.remove(&m.id).unwrap_or_default();
            Ok(CampaignLine {
                status: status_of(&m)?,
                segment_name: m.segment_id.and_then(|s| names.get(&s).cloned()),
                id: m.id,
                name: m.name,
                scheduled_at: m.scheduled_at,
                sent: c.sent,
                audience: c.queued + c.sent + c.failed + c.excluded(),
            })
        })
        .collect()
}

pub async fn get(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Campaign, AppError> {
    policy::require(conn, actor, Action::ManageCampaigns, "campaign.get").await?;
    let model = records::find_or_404::<campaign::Entity, _>(conn, id).await?;
    to_campaign(conn, model).await
}

/// The campaign as it is, or a conflict carrying it when the caller read another version.
async fn current<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    version: i32,
) -> Result<campaign::Model, AppError> {
    let model = records::find_or_404::<campaign::Entity, _>(conn, id).await?;
    if model.version != version {
        return Err(AppError::conflict(&to_campaign(conn, model).await?));
    }
    Ok(model)
}

struct Draft {
    name: String,
    goal: Option<String>,
    segment_id: Option<Uuid>,
    subject: String,
    html: String,
    text: String,
    per_minute: i32,
}

async fn checked(conn: &DatabaseConnection, form: &CampaignForm) -> Result<Draft, AppError> {
    let mut check = FieldCheck::default();
    let name = check.check("name", parse::text(&form.name, MAX_NAME));
    let goal = check.check("goal", parse::optional_long_text(&form.goal, MAX_GOAL));
    let subject = check.check("subject", parse::text(&form.subject, MAX_SUBJECT));
    let html = check.check("html", parse::optional_long_text(&form.html, MAX_BODY));
    let text = check.check(
        "text",
        parse::optional_long_text(&form.text, MAX_BODY)
            .and_then(|text| text.ok_or(Invalid::Required)),
    );
    let per_minute = check.check(
        "per_minute",
        match form.per_minute.trim() {
            "" => Ok(DEFAULT_PER_MINUTE),
            value => value
                .parse::<u32>()
                .ok()
                .filter(|n| PER_MINUTE.contains(n))
                .ok_or(Invalid::Range {
                    min: i64::from(*PER_MINUTE.start()),
                    max: i64::from(*PER_MINUTE.end()),
                }),
        },
    );
    let segment_id = match form.segment_id.trim() {
        "" => None,
        id => match Uuid::parse_str(id) {
            Ok(id) if segment::Entity::find_by_id(id).one(conn).await?.is_some() => Some(id),
            _ => {
                check.refuse("segment_id", Invalid::Choice);
                None
            }
        },
    };
    let (Some(name), Some(goal), Some(subject), Some(html), Some(text), Some(per_minute)) =
        (name, goal, subject, html, text, per_minute)
    else {
        return Err(check.into_error());
    };
    check.finish()?;
    Ok(Draft {
        name,
        goal,
        segment_id,
        subject,
        html: html.unwrap_or_default(),
        text,
        per_minute: per_minute as i32,
    })
}

/// Saves a new draft, or the edit of a draft (a campaign scheduled or sent is not edited).
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &CampaignForm,
    now: DateTime<Utc>,
) -> Result<Campaign, AppError> {
    policy::require(conn, actor, Action::ManageCampaigns, "campaign.save").await?;
    let draft = checked(conn, form).await?;
    let txn = crate::core::db::write(conn).await?;
    let (model, action) = match form.id.trim() {
        "" => {
            let model = campaign::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(draft.name),
                goal: Set(draft.goal),
                channel: Set("email".to_owned()),
                segment_id: Set(draft.segment_id),
                subject: Set(draft.subject),
                html: Set(draft.html),
                body: Set(draft.text),
                per_minute: Set(draft.per_minute),
                status: Set(Status::Draft.as_str().to_owned()),
                scheduled_at: Set(None),
                scheduled_by: Set(None),
                started_at: Set(None),
                finished_at: Set(None),
                run: Set(0),
                cost_minor: Set(None),
                cost_currency: Set(None),
                created_by: Set(Some(actor.user.id)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            (model, "campaign.create")
        }
        id => {
            let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
            let version = form
                .version
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("version", Invalid::Required))?;
            let model = current(&txn, id, version).await?;
            if status_of(&model)? != Status::Draft {
                return Err(AppError::invalid("status", Invalid::Transition));
            }
            let version = model.version;
            let model = campaign::ActiveModel {
                name: Set(draft.name),
                goal: Set(draft.goal),
                segment_id: Set(draft.segment_id),
                subject: Set(draft.subject),
                html: Set(draft.html),
                body: Set(draft.text),
                per_minute: Set(draft.per_minute),
                version: Set(version + 1),
                updated_at: Set(now),
                ..model.into()
            }
            .update(&txn)
            .await?;
            (model, "campaign.update")
        }
    };
    audit::record(
        &txn,
        entry(actor, action, model.id).changes(json!({
            "name": model.name,
            "segment": model.segment_id,
            "subject": model.subject,
        })),
    )
    .await?;
    let saved = to_campaign(&txn, model).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Schedules, takes back, pauses, resumes or cancels a campaign. `at` is when to send, in the
/// user's time zone, for a schedule; empty means now.
pub async fn change(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
    command: Command,
    at: &str,
    now: DateTime<Utc>,
) -> Result<Campaign, AppError> {
    policy::require(conn, actor, Action::ManageCampaigns, "campaign.change").await?;
    let send_at = if command == Command::Schedule && !at.trim().is_empty() {
        let zone = settings::service::user_zone(conn, &actor.user).await?;
        let at = parse::local_datetime(at, zone).map_err(|why| AppError::invalid("at", why))?;
        // A minute's grace for the time it took to click.
        if at < now - TimeDelta::minutes(1) {
            return Err(AppError::invalid("at", Invalid::Date));
        }
        at.max(now)
    } else {
        now
    };
    let txn = crate::core::db::write(conn).await?;
    let model = current(&txn, id, version).await?;
    let from = status_of(&model)?;
    let to = match command {
        Command::Schedule => Status::Scheduled,
        Command::Unschedule => Status::Draft,
        Command::Pause => Status::Paused,
        Command::Resume => Status::Sending,
        Command::Cancel => Status::Cancelled,
    };
    if !from.may_become(to) {
        return Err(AppError::invalid("status", Invalid::Transition));
    }
    if command == Command::Schedule && model.segment_id.is_none() {
        return Err(AppError::invalid("segment_id", Invalid::Required));
    }
    // A new run makes the outbox events of the one before stale.
    let run = match command {
        Command::Schedule | Command::Unschedule | Command::Resume => model.run + 1,
        Command::Pause | Command::Cancel => model.run,
    };
    let per_minute = model.per_minute;
    let mut changed = campaign::ActiveModel {
        status: Set(to.as_str().to_owned()),
        run: Set(run),
        version: Set(model.version + 1),
        updated_at: Set(now),
        ..model.into()
    };
    match command {
        Command::Schedule => {
            changed.scheduled_at = Set(Some(send_at));
            changed.scheduled_by = Set(Some(actor.user.id));
            let start = Event::CampaignStart(CampaignRun { id, run });
            outbox::enqueue_at(&txn, &[(start, send_at)]).await?;
        }
        Command::Unschedule => changed.scheduled_at = Set(None),
        Command::Cancel => changed.finished_at = Set(Some(now)),
        Command::Pause => {}
        Command::Resume => {
            let left = sending::still_queued(&txn, id).await?;
            sending::queue(&txn, &left, run, per_minute, now).await?;
        }
    }
    changed.update(&txn).await?;
    if command == Command::Resume {
        sending::finish_if_done(&txn, id, now).await?;
    }
    audit::record(
        &txn,
        entry(actor, "campaign.change", id).changes(json!({
            "from": from.as_str(),
            "to": to.as_str(),
            "at": (command == Command::Schedule).then_some(send_at),
        })),
    )
    .await?;
    let model = records::find_or_404::<campaign::Entity, _>(&txn, id).await?;
    let changed = to_campaign(&txn, model).await?;
    txn.commit().await?;
    Ok(changed)
}

/// The first members of the campaign's segment, by name: whom the preview can show it as.
pub async fn sample(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<(Uuid, String)>, AppError> {
    let campaign = get(conn, actor, id).await?;
    let Some(segment) = campaign.segment_id else {
        return Ok(Vec::new());
    };
    Ok(contact::Entity::find()
        .select_only()
        .column(contact::Column::Id)
        .column(contact::Column::Name)
        .join_rev(JoinType::InnerJoin, segment_member::Relation::Contact.def())
        .filter(segment_member::Column::SegmentId.eq(segment))
        .filter(contact::Column::ArchivedAt.is_null())
        .order_by_asc(contact::Column::SortName)
        .limit(SAMPLE)
        .into_tuple()
        .all(conn)
        .await?)
}

async fn contact_for_preview(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    contact: Option<Uuid>,
) -> Result<contact::Model, AppError> {
    let contact = match contact {
        Some(contact) => contact,
        None => sample(conn, actor, id)
            .await?
            .first()
            .map(|(id, _)| *id)
            .ok_or_else(|| AppError::invalid("contact", Invalid::Required))?,
    };
    contact::Entity::find_by_id(contact)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::invalid("contact", Invalid::NoMatch))
}

/// The campaign as `contact` (by default the first of its segment) would get it.
pub async fn preview(
    conn: &DatabaseConnection,
    actor: &Actor,
    public_url: &str,
    id: Uuid,
    contact: Option<Uuid>,
) -> Result<Preview, AppError> {
    policy::require(conn, actor, Action::ManageCampaigns, "campaign.preview").await?;
    let model = records::find_or_404::<campaign::Entity, _>(conn, id).await?;
    let contact = contact_for_preview(conn, actor, id, contact).await?;
    let sender = mail::sender(conn).await?;
    let link = unsubscribe::preview_link(public_url);
    let letter = mail::letter_for(conn, &model, &contact, &sender, &link).await?;
    Ok(Preview {
        to_name: contact.name,
        to_email: contact.email,
        subject: letter.subject,
        html: letter.html,
        text: letter.text,
        empty_fields: letter.empty_fields.into_iter().map(str::to_owned).collect(),
    })
}

/// Mails the user the campaign as `contact` would get it.
pub async fn test_send(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    contact: Option<Uuid>,
) -> Result<(), AppError> {
    policy::require(conn, actor, Action::ManageCampaigns, "campaign.test").await?;
    records::find_or_404::<campaign::Entity, _>(conn, id).await?;
    let contact = contact_for_preview(conn, actor, id, contact).await?;
    let event = Event::CampaignTestMail(CampaignTest {
        campaign: id,
        contact: contact.id,
        user: actor.user.id,
    });
    outbox::enqueue(conn, &event).await?;
    Ok(())
}

fn entry<'a>(actor: &Actor, action: &'a str, id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, "campaign", Some(id))
}
