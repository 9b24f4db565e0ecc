//! Rating links and ratings. A link is signed with the workspace key and names its ticket and
//! when it expires, so no table of links is kept; a rating changes no field an agent edits,
//! so it never makes an agent's open page stale.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::types::{RatingForm, SCORES, Survey};
use crate::core::events::{Event, Rating};
use crate::core::signing::{SecretKey, Token};
use crate::core::{audit, outbox, parse, settings};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::tickets::entity::ticket;

const PURPOSE: &str = "ticket-rating";
/// Long enough for someone back from a holiday, short enough that old mail goes stale.
const VALID_FOR: TimeDelta = TimeDelta::days(60);
const MAX_COMMENT: usize = 2_000;

/// The public page's address for rating `ticket`.
pub fn link(key: &SecretKey, public_url: &str, ticket: Uuid, now: DateTime<Utc>) -> String {
    let mut payload = ticket.as_bytes().to_vec();
    payload.extend_from_slice(&(now + VALID_FOR).timestamp().to_be_bytes());
    let token = key.sign(PURPOSE, &payload, b"");
    format!("{}/rate?t={token}", public_url.trim_end_matches('/'))
}

/// The ticket a token is for; every fault of a link is the same answer.
fn ticket_of(key: &SecretKey, token: &str, now: DateTime<Utc>) -> Result<Uuid, AppError> {
    let bad = || AppError::invalid("token", Invalid::Link);
    let token = Token::parse(token).ok_or_else(bad)?;
    if !key.verify_lasting(PURPOSE, &token, b"") {
        return Err(bad());
    }
    let (id, expires) = token.payload.split_at_checked(16).ok_or_else(bad)?;
    let id = Uuid::from_slice(id).map_err(|_| bad())?;
    let expires = i64::from_be_bytes(expires.try_into().map_err(|_| bad())?);
    if now.timestamp() > expires {
        return Err(bad());
    }
    Ok(id)
}

async fn to_survey<C: ConnectionTrait>(conn: &C, model: ticket::Model) -> Result<Survey, AppError> {
    let company_name = settings::service::get(conn)
        .await?
        .map(|s| s.company_name)
        .unwrap_or_default();
    Ok(Survey {
        company_name,
        number: model.number,
        subject: model.subject,
        score: model.satisfaction.and_then(|s| u8::try_from(s).ok()),
        comment: model.satisfaction_comment,
    })
}

async fn rated_ticket<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<ticket::Model, AppError> {
    let id = ticket_of(key, token, now)?;
    // A ticket erased with its requester leaves links that lead nowhere.
    ticket::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::invalid("token", Invalid::Link))
}

pub async fn survey(
    conn: &DatabaseConnection,
    key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Survey, AppError> {
    let model = rated_ticket(conn, key, token, now).await?;
    to_survey(conn, model).await
}

pub async fn rate(
    conn: &DatabaseConnection,
    key: &SecretKey,
    form: &RatingForm,
    now: DateTime<Utc>,
) -> Result<Survey, AppError> {
    let model = rated_ticket(conn, key, &form.token, now).await?;
    let mut check = FieldCheck::default();
    let score = check.check(
        "score",
        match form.score.trim() {
            "" => Err(Invalid::Required),
            value => value
                .parse::<u8>()
                .ok()
                .filter(|s| SCORES.contains(s))
                .ok_or(Invalid::Choice),
        },
    );
    let comment = check.check(
        "comment",
        parse::optional_long_text(&form.comment, MAX_COMMENT),
    );
    let (Some(score), Some(comment)) = (score, comment) else {
        return Err(check.into_error());
    };
    let txn = crate::core::db::write(conn).await?;
    let id = model.id;
    let rated = ticket::ActiveModel {
        id: Set(id),
        satisfaction: Set(Some(i16::from(score))),
        satisfaction_comment: Set(comment),
        rated_at: Set(Some(now)),
        ..Default::default()
    };
    let rated = ticket::Entity::update(rated).exec(&txn).await?;
    let changes = json!({ "id": id, "number": model.number, "score": score });
    audit::record(
        &txn,
        audit::Entry::new(None, "ticket.rate", "ticket", Some(id)).changes(changes),
    )
    .await?;
    let rated_event = Event::TicketRated(Rating {
        id,
        number: model.number,
        score,
    });
    outbox::enqueue(&txn, &rated_event).await?;
    let survey = to_survey(&txn, rated).await?;
    txn.commit().await?;
    Ok(survey)
}
