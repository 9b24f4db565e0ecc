//! Unsubscribe links: each recipient's is signed with the workspace key and names the
//! recipient row, so no table of links is kept and a link cannot be forged for someone else.
//! It never expires: people find old mail. Opting out takes effect at once on the contact,
//! and bumps its version, so an agent's open edit cannot silently opt them back in.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::super::entity::recipient;
use super::super::types::Subscription;
use crate::core::events::{self, Event};
use crate::core::records;
use crate::core::signing::SecretKey;
use crate::core::{audit, outbox, settings};
use crate::customers::entity::contact;
use crate::error::{AppError, Invalid};

const PURPOSE: &str = "campaign-unsubscribe";

/// A recipient's links: the page in the mail's footer, and the address mail programs post to
/// for one-click unsubscribing (RFC 8058).
pub struct Links {
    pub page: String,
    pub one_click: String,
}

pub fn links(key: &SecretKey, public_url: &str, recipient: Uuid) -> Links {
    let token = key.sign(PURPOSE, recipient.as_bytes(), b"");
    let base = public_url.trim_end_matches('/');
    Links {
        page: format!("{base}/unsubscribe?t={token}"),
        one_click: format!("{base}/mail/unsubscribe?t={token}"),
    }
}

/// The link shown in previews and test sends: the page, without anybody's token.
pub fn preview_link(public_url: &str) -> String {
    format!("{}/unsubscribe", public_url.trim_end_matches('/'))
}

/// The recipient a token is for.
fn recipient_of(key: &SecretKey, token: &str) -> Result<Uuid, AppError> {
    let payload = super::signed_payload(key, PURPOSE, token)?;
    Uuid::from_slice(&payload).map_err(|_| AppError::invalid("token", Invalid::Link))
}

async fn contact_of<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    token: &str,
) -> Result<(recipient::Model, contact::Model), AppError> {
    let id = recipient_of(key, token)?;
    // An erased person leaves links that lead nowhere.
    let gone = || AppError::invalid("token", Invalid::Link);
    let row = recipient::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(gone)?;
    let contact = contact::Entity::find_by_id(row.contact_id)
        .one(conn)
        .await?
        .ok_or_else(gone)?;
    Ok((row, contact))
}

async fn to_subscription<C: ConnectionTrait>(
    conn: &C,
    row: &recipient::Model,
    contact: &contact::Model,
) -> Result<Subscription, AppError> {
    let company_name = settings::service::get(conn)
        .await?
        .map(|s| s.company_name)
        .unwrap_or_default();
    Ok(Subscription {
        company_name,
        email: row.email.clone().unwrap_or_default(),
        subscribed: receives_marketing(contact),
    })
}

fn receives_marketing(contact: &contact::Model) -> bool {
    contact.unsubscribed_at.is_none() && contact.marketing_consent
}

/// Takes the link's contact off every campaign at once (`subscribed` false), or puts them back
/// with their consent given now; asking for what already holds changes nothing.
pub async fn set(
    conn: &DatabaseConnection,
    key: &SecretKey,
    token: &str,
    subscribed: bool,
    now: DateTime<Utc>,
) -> Result<Subscription, AppError> {
    let txn = crate::core::db::write(conn).await?;
    let (row, contact) = contact_of(&txn, key, token).await?;
    if receives_marketing(&contact) == subscribed {
        return to_subscription(&txn, &row, &contact).await;
    }
    let update = records::bumped(contact::Entity::update_many(), now)
        .filter(contact::Column::Id.eq(contact.id));
    let update = if subscribed {
        update
            .col_expr(
                contact::Column::UnsubscribedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(contact::Column::MarketingConsent, Expr::value(true))
            .col_expr(contact::Column::ConsentAt, Expr::value(now))
    } else {
        update.col_expr(contact::Column::UnsubscribedAt, Expr::value(now))
    };
    update.exec(&txn).await?;
    if !subscribed {
        recipient::Entity::update_many()
            .col_expr(recipient::Column::UnsubscribedAt, Expr::value(now))
            .filter(recipient::Column::Id.eq(row.id))
            .filter(recipient::Column::UnsubscribedAt.is_null())
            .exec(&txn)
            .await?;
    }
    let change = events::Subscription {
        id: contact.id,
        campaign: row.campaign_id,
    };
    let (action, event) = if subscribed {
        ("contact.resubscribe", Event::ContactResubscribed(change))
    } else {
        ("contact.unsubscribe", Event::ContactUnsubscribed(change))
    };
    let changes = json!({ "id": contact.id, "campaign": row.campaign_id });
    audit::record(
        &txn,
        audit::Entry::new(None, action, "contact", Some(contact.id)).changes(changes),
    )
    .await?;
    outbox::enqueue(&txn, &event).await?;
    let contact = records::find_or_404::<contact::Entity, _>(&txn, contact.id).await?;
    let subscription = to_subscription(&txn, &row, &contact).await?;
    txn.commit().await?;
    Ok(subscription)
}
