//! The daily digest: at the hour each person chose, in their time zone, their overdue tasks
//! and stalled deals by email; once a day, and only when there is something to say.

use chrono::{DateTime, Duration, Timelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};

use crate::core::actor::Actor;
use crate::core::events::{Digest, Event};
use crate::core::mail::{Mail, message_id};
use crate::core::users::entity::user;
use crate::core::users::to_user;
use crate::core::{db, outbox, settings};
use crate::deals::pipelines::service as pipelines;
use crate::error::AppError;
use crate::i18n::fill;
use crate::i18n::format::datetime;
use crate::today::labels::in_stage;
use crate::today::service::{Due, due};

/// Queues the digest of everyone whose hour has come today and who has not had today's.
/// Marking the day and queueing the mail are one transaction, and the mark is taken only
/// from a day before: however many servers ask at once, one digest goes out per person a day.
pub async fn queue_due(conn: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    // No time zone's day is later than UTC+14's: whoever had that day's has had today's.
    let latest_day = (now + Duration::hours(14)).date_naive();
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::DigestHour.is_not_null())
        .filter(
            Condition::any()
                .add(user::Column::DigestSentOn.is_null())
                .add(user::Column::DigestSentOn.lt(latest_day)),
        )
        .all(conn)
        .await?;
    let workspace = settings::service::zone(conn).await?;
    let mut queued = 0;
    for person in people {
        let (hour, sent) = (person.digest_hour, person.digest_sent_on);
        let zone = settings::service::own_zone(person.time_zone.as_deref()).unwrap_or(workspace);
        let local = now.with_timezone(&zone);
        let day = local.date_naive();
        let due = hour.is_some_and(|h| local.hour() >= u32::try_from(h).unwrap_or(24))
            && sent.is_none_or(|sent| sent < day);
        if !due {
            continue;
        }
        let txn = db::write(conn).await?;
        let not_yet = Condition::any()
            .add(user::Column::DigestSentOn.is_null())
            .add(user::Column::DigestSentOn.lt(day));
        let marked = user::Entity::update_many()
            .col_expr(user::Column::DigestSentOn, Expr::value(day))
            .filter(user::Column::Id.eq(person.id))
            .filter(not_yet)
            .exec(&txn)
            .await?;
        if marked.rows_affected == 1 {
            let digest = Digest {
                user: person.id,
                day,
            };
            outbox::enqueue(&txn, &Event::DigestMail(digest)).await?;
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}

/// The digest as it stands when it is sent; none when there is nothing in it, or its reader
/// is gone.
pub async fn mail(
    conn: &DatabaseConnection,
    digest: Digest,
    public_url: &str,
    domain: &str,
    now: DateTime<Utc>,
) -> Result<Option<Mail>, AppError> {
    let Some(model) = user::Entity::find_by_id(digest.user).one(conn).await? else {
        return Ok(None);
    };
    let actor = Actor::without_session(to_user(model)?);
    if !actor.user.active {
        return Ok(None);
    }
    let pipelines = pipelines::all(conn).await?;
    let Due { tasks, stalled } = due(conn, &actor, now, &pipelines).await?;
    let (stalled, stages) = stalled.unwrap_or_default();
    if tasks.is_empty() && stalled.is_empty() {
        return Ok(None);
    }
    let workspace = settings::service::get(conn).await?;
    let company = workspace
        .as_ref()
        .map(|s| s.company_name.clone())
        .unwrap_or_default();
    let locale = actor
        .user
        .locale
        .or(workspace.as_ref().map(|s| s.default_locale))
        .unwrap_or_default();
    let zone = settings::service::user_zone(conn, &actor.user)
        .await?
        .name();
    let t = locale.messages();
    let url = public_url.trim_end_matches('/');
    let mut text = fill(
        t.digest_greeting,
        &[("name", &actor.user.name), ("company", &company)],
    );
    if !tasks.is_empty() {
        text += &format!("\n\n{}\n", t.digest_tasks);
        for task in &tasks {
            let about = task.deal_title.as_ref().or(task.contact_name.as_ref());
            let at = datetime(task.due_at, zone, locale);
            text += &match about {
                Some(about) => format!("- {} · {at} · {about}\n", task.title),
                None => format!("- {} · {at}\n", task.title),
            };
        }
    }
    if !stalled.is_empty() {
        text += &format!("\n{}\n", t.digest_deals);
        for deal in &stalled {
            let note = in_stage(t, &stages, deal, now);
            text += &format!("- {} · {note} · {url}/deals/{}\n", deal.title, deal.id);
        }
    }
    text += &format!(
        "\n{}\n\n{}\n",
        fill(t.digest_open, &[("url", &format!("{url}/"))]),
        fill(t.digest_turn_off, &[("url", &format!("{url}/account"))]),
    );
    let subject = fill(
        t.digest_subject,
        &[
            ("tasks", &tasks.len().to_string()),
            ("deals", &stalled.len().to_string()),
        ],
    );
    Ok(Some(Mail {
        to_name: actor.user.name.clone(),
        to_email: actor.user.email.clone(),
        from_name: company,
        subject,
        text,
        message_id: message_id(format!("digest-{}-{}", digest.user, digest.day), domain),
        in_reply_to: None,
        references: Vec::new(),
        html: None,
        list_unsubscribe: None,
        files: Vec::new(),
    }))
}
