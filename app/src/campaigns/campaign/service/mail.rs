//! What a campaign mails: one message per queued recipient, made when its outbox event comes
//! due, so a pause or an unsubscribe in the meantime is honoured; and test sends to the user
//! writing it. Real messages lead their links through the click tracker and carry the open
//! pixel; tests and previews keep the links as written. A message the mail server took is
//! recorded at once, and a recipient recorded is never mailed again, so retries after a
//! failure or a crash send nothing twice.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::super::entity::{campaign, recipient};
use super::super::letter::{self, Letter, Reader};
use super::super::links;
use super::super::types::{Exclusion, Status};
use super::tracking::Tracker;
use super::{sending, unsubscribe};
use crate::core::events::{CampaignRun, CampaignTest};
use crate::core::mail::{Mail, message_id};
use crate::core::settings;
use crate::core::signing::SecretKey;
use crate::customers::entity::{company, contact};
use crate::error::AppError;

/// The recipient's statuses as stored.
pub(crate) const QUEUED: &str = "queued";
pub(crate) const SENT: &str = "sent";
pub(crate) const FAILED: &str = "failed";
pub(crate) const EXCLUDED: &str = "excluded";

/// Why a contact gets no campaign mail now, if they get none.
pub(crate) fn exclusion(contact: &contact::Model) -> Option<Exclusion> {
    if contact.unsubscribed_at.is_some() {
        Some(Exclusion::Unsubscribed)
    } else if !contact.marketing_consent {
        Some(Exclusion::NoConsent)
    } else if contact
        .email
        .as_deref()
        .is_none_or(|email| crate::core::parse::Email::parse(email).is_err())
    {
        Some(Exclusion::NoEmail)
    } else {
        None
    }
}

/// The workspace's name (the sender) and the language its mail is written in.
pub(crate) struct Sender {
    pub company: String,
    /// Whether real messages are tracked: the owner may turn it off.
    pub tracks: bool,
    pub unsubscribe: &'static str,
    pub test: &'static str,
}

pub(crate) async fn sender<C: ConnectionTrait>(conn: &C) -> Result<Sender, AppError> {
    let settings = settings::service::get(conn).await?;
    let locale = settings
        .as_ref()
        .map(|s| s.default_locale)
        .unwrap_or_default();
    let t = locale.messages();
    Ok(Sender {
        tracks: settings.as_ref().is_none_or(|s| s.track_campaign_mail),
        company: settings.map(|s| s.company_name).unwrap_or_default(),
        unsubscribe: t.campaign_unsubscribe,
        test: t.campaign_test_mark,
    })
}

/// The campaign's mail as `contact` gets it, with `unsubscribe_url` as their link.
pub(crate) async fn letter_for<C: ConnectionTrait>(
    conn: &C,
    model: &campaign::Model,
    contact: &contact::Model,
    sender: &Sender,
    unsubscribe_url: &str,
) -> Result<Letter, AppError> {
    let company = match contact.company_id {
        Some(id) => company::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|c| c.name),
        None => None,
    };
    let owner = match contact.owner_id {
        Some(id) => crate::core::users::names(conn, [id]).await?.remove(&id),
        None => None,
    };
    let reader = Reader {
        name: &contact.name,
        given_name: contact.given_name.as_deref(),
        company: company.as_deref(),
        owner_name: owner.as_deref().unwrap_or(&sender.company),
        unsubscribe_url,
    };
    Ok(letter::write(
        &model.subject,
        &model.html,
        &model.body,
        &reader,
        sender.unsubscribe,
    ))
}

fn to_mail(letter: Letter, to_name: String, to_email: String, from_name: String) -> Mail {
    Mail {
        to_name,
        to_email,
        from_name,
        subject: letter.subject,
        text: letter.text,
        message_id: String::new(),
        in_reply_to: None,
        references: Vec::new(),
        html: Some(letter.html).filter(|html| !html.is_empty()),
        list_unsubscribe: None,
        files: Vec::new(),
    }
}

/// The message of the event's recipient, or nothing when it was sent already, the campaign
/// is no longer sending this run, or the contact opted out since the audience was frozen (they
/// are then counted as excluded).
pub async fn message(
    conn: &DatabaseConnection,
    key: &SecretKey,
    public_url: &str,
    event: CampaignRun,
    domain: &str,
    now: DateTime<Utc>,
) -> Result<Option<Mail>, AppError> {
    let Some(row) = recipient::Entity::find_by_id(event.id).one(conn).await? else {
        return Ok(None);
    };
    let Some(model) = campaign::Entity::find_by_id(row.campaign_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if row.status != QUEUED || model.status != Status::Sending.as_str() || model.run != event.run {
        return Ok(None);
    }
    let (Some(contact), Some(to_email)) = (
        contact::Entity::find_by_id(row.contact_id)
            .one(conn)
            .await?,
        row.email.clone(),
    ) else {
        return Ok(None);
    };
    if let Some(why) = exclusion(&contact) {
        settle(conn, &row, Settled::Excluded(why), now).await?;
        return Ok(None);
    }
    let sender = sender(conn).await?;
    let unsubscribe = unsubscribe::links(key, public_url, row.id);
    let tracker = Tracker::new(key, public_url, row.id);
    let model = if sender.tracks {
        let links = links::links(&model.html, &model.body);
        campaign::Model {
            html: links::tracked(&model.html, true, &links, |n| tracker.click(n)),
            body: links::tracked(&model.body, false, &links, |n| tracker.click(n)),
            ..model
        }
    } else {
        model
    };
    let mut letter = letter_for(conn, &model, &contact, &sender, &unsubscribe.page).await?;
    if sender.tracks && !letter.html.is_empty() {
        letter.html = links::with_pixel(&letter.html, &tracker.open());
    }
    Ok(Some(Mail {
        message_id: message_id(row.id, domain),
        list_unsubscribe: Some(unsubscribe.one_click),
        ..to_mail(letter, contact.name, to_email, sender.company)
    }))
}

/// What became of a recipient.
pub enum Settled<'a> {
    /// The mail server took the message under this `Message-ID`.
    Sent(&'a str),
    /// The mail server refused it for good, with this answer.
    Failed(&'a str),
    Excluded(Exclusion),
}

/// Records what became of a queued recipient (only the first word counts), and marks the
/// campaign sent once nobody is left in its queue.
pub async fn settle<C: ConnectionTrait>(
    conn: &C,
    row: &recipient::Model,
    settled: Settled<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let update = recipient::Entity::update_many()
        .filter(recipient::Column::Id.eq(row.id))
        .filter(recipient::Column::Status.eq(QUEUED));
    let update = match settled {
        Settled::Sent(id) => update
            .col_expr(recipient::Column::Status, Expr::value(SENT))
            .col_expr(recipient::Column::SentAt, Expr::value(now))
            .col_expr(recipient::Column::MessageId, Expr::value(id)),
        Settled::Failed(error) => update
            .col_expr(recipient::Column::Status, Expr::value(FAILED))
            .col_expr(recipient::Column::Error, Expr::value(error)),
        Settled::Excluded(why) => update
            .col_expr(recipient::Column::Status, Expr::value(EXCLUDED))
            .col_expr(recipient::Column::Excluded, Expr::value(why.as_str())),
    };
    update.exec(conn).await?;
    sending::finish_if_done(conn, row.campaign_id, now).await
}

/// Records what became of the event's recipient, if it was still queued.
pub async fn settle_event(
    conn: &DatabaseConnection,
    event: CampaignRun,
    settled: Settled<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(row) = recipient::Entity::find_by_id(event.id).one(conn).await? {
        settle(conn, &row, settled, now).await?;
    }
    Ok(())
}

/// A test send, or nothing when the campaign, the contact or the user is gone. Its links are
/// not anyone's: unsubscribing from a test would take the chosen contact off the list.
pub async fn test(
    conn: &DatabaseConnection,
    public_url: &str,
    event: CampaignTest,
    domain: &str,
) -> Result<Option<Mail>, AppError> {
    let Some(model) = campaign::Entity::find_by_id(event.campaign)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = crate::core::users::acting(conn, event.user).await? else {
        return Ok(None);
    };
    let Some(contact) = contact::Entity::find_by_id(event.contact).one(conn).await? else {
        return Ok(None);
    };
    let sender = sender(conn).await?;
    let link = unsubscribe::preview_link(public_url);
    let letter = letter_for(conn, &model, &contact, &sender, &link).await?;
    let mut mail = to_mail(
        letter,
        user.user.name.clone(),
        user.user.email,
        sender.company,
    );
    mail.subject = format!("[{}] {}", sender.test, mail.subject);
    mail.message_id = message_id(Uuid::now_v7(), domain);
    Ok(Some(mail))
}
