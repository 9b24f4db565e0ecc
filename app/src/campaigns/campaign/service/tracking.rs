//! Opens and clicks. Each message carries an invisible image and its links through the
//! tracker, with tokens signed per recipient (and per link, by its place among the
//! campaign's links), so a token names one reader and one of the campaign's own links and
//! cannot be made up or pointed elsewhere. Every open and click is kept, with its time; the
//! report counts people once.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use super::super::entity::{campaign, event, recipient};
use super::super::links;
use super::signed_payload;
use crate::core::signing::SecretKey;
use crate::error::{AppError, Invalid};

const OPEN: &str = "campaign-open";
const CLICK: &str = "campaign-click";
/// The addresses the tracker answers at.
pub const OPEN_PATH: &str = "/mail/open";
pub const CLICK_PATH: &str = "/mail/click";

/// What a reader did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Open,
    Click,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Open => "open",
            Kind::Click => "click",
        }
    }
}

/// The tracked addresses of one recipient's message.
pub struct Tracker<'a> {
    key: &'a SecretKey,
    base: &'a str,
    recipient: Uuid,
}

impl<'a> Tracker<'a> {
    pub fn new(key: &'a SecretKey, public_url: &'a str, recipient: Uuid) -> Self {
        Tracker {
            key,
            base: public_url.trim_end_matches('/'),
            recipient,
        }
    }

    /// The invisible image's address.
    pub fn open(&self) -> String {
        let token = self.key.sign(OPEN, self.recipient.as_bytes(), b"");
        format!("{}{OPEN_PATH}?t={token}", self.base)
    }

    /// The address that counts a click on the campaign's `n`th link and leads there.
    pub fn click(&self, n: usize) -> String {
        let token = self.key.sign(CLICK, &click_payload(self.recipient, n), b"");
        format!("{}{CLICK_PATH}?t={token}", self.base)
    }
}

fn click_payload(recipient: Uuid, n: usize) -> Vec<u8> {
    let mut payload = recipient.as_bytes().to_vec();
    payload.extend_from_slice(&u16::try_from(n).unwrap_or(u16::MAX).to_be_bytes());
    payload
}

fn bad_link() -> AppError {
    AppError::invalid("token", Invalid::Link)
}

async fn recipient_by<C: ConnectionTrait>(
    conn: &C,
    id: &[u8],
) -> Result<recipient::Model, AppError> {
    let id = Uuid::from_slice(id).map_err(|_| bad_link())?;
    // An erased person leaves links that count nothing.
    recipient::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(bad_link)
}

async fn record<C: ConnectionTrait>(
    conn: &C,
    row: &recipient::Model,
    kind: Kind,
    link: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    event::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(row.campaign_id),
        recipient_id: Set(row.id),
        kind: Set(kind.as_str().to_owned()),
        link: Set(link),
        at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Counts an opening of the message the token is for.
pub async fn opened<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let payload = signed_payload(key, OPEN, token)?;
    let row = recipient_by(conn, &payload).await?;
    record(conn, &row, Kind::Open, None, now).await
}

/// Counts a click on the token's link, and answers where it leads.
pub async fn clicked<C: ConnectionTrait>(
    conn: &C,
    key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let payload = signed_payload(key, CLICK, token)?;
    let (id, n) = payload.split_at_checked(16).ok_or_else(bad_link)?;
    let n: [u8; 2] = n.try_into().map_err(|_| bad_link())?;
    let n = u16::from_be_bytes(n);
    let row = recipient_by(conn, id).await?;
    let model = campaign::Entity::find_by_id(row.campaign_id)
        .one(conn)
        .await?
        .ok_or_else(bad_link)?;
    let url = links::links(&model.html, &model.body)
        .into_iter()
        .nth(usize::from(n))
        .ok_or_else(bad_link)?;
    record(conn, &row, Kind::Click, Some(i32::from(n)), now).await?;
    Ok(url)
}
