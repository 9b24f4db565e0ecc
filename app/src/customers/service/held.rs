//! The contacts a rep's device keeps to work offline: those they own and those of the deals
//! it keeps, as far as the rep may see them.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::contacts_of;
use crate::core::actor::Actor;
use crate::core::{audit, policy};
use crate::customers::entity::contact;
use crate::customers::types::Contact;
use crate::error::AppError;

/// At most this many contacts on a device, the latest changed first.
pub const MOST: u64 = 2_000;

/// What changed in the contacts a device keeps since it last asked.
pub struct Held {
    /// Every contact the device keeps, changed or not.
    pub kept: Vec<Uuid>,
    pub changed: Vec<Contact>,
    /// Contacts changed since that are no longer kept (archived, merged, given to someone
    /// else), and those erased.
    pub gone: Vec<Uuid>,
}

/// The kept contacts changed since `since` (all of them without one). `of_deals` are the
/// contacts of the deals the device keeps; `joined` those of deals that came to it since,
/// sent whether they changed or not.
pub async fn held<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    of_deals: &[Uuid],
    joined: &[Uuid],
    since: Option<DateTime<Utc>>,
) -> Result<Held, AppError> {
    let mut kept = Condition::all()
        .add(
            Condition::any()
                .add(contact::Column::OwnerId.eq(actor.user.id))
                .add(contact::Column::Id.is_in(of_deals.iter().copied())),
        )
        .add(contact::Column::ArchivedAt.is_null());
    if let Some(visible) = policy::visible::<contact::Entity, _>(conn, actor).await? {
        kept = kept.add(visible);
    }
    let all: Vec<Uuid> = contact::Entity::find()
        .select_only()
        .column(contact::Column::Id)
        .filter(kept.clone())
        .order_by_desc(contact::Column::UpdatedAt)
        .limit(MOST)
        .into_tuple()
        .all(conn)
        .await?;
    let mut changed = contact::Entity::find().filter(kept);
    if let Some(since) = since {
        changed = changed.filter(
            Condition::any()
                .add(contact::Column::UpdatedAt.gt(since))
                .add(contact::Column::Id.is_in(joined.iter().copied())),
        );
    }
    let changed = changed
        .order_by_desc(contact::Column::UpdatedAt)
        .limit(MOST)
        .all(conn)
        .await?;
    let mut gone = Vec::new();
    if let Some(since) = since {
        let sent: HashSet<Uuid> = changed.iter().map(|c| c.id).collect();
        let touched: Vec<Uuid> = contact::Entity::find()
            .select_only()
            .column(contact::Column::Id)
            .filter(contact::Column::UpdatedAt.gt(since))
            .into_tuple()
            .all(conn)
            .await?;
        gone = touched
            .into_iter()
            .filter(|id| !sent.contains(id))
            .collect();
        gone.extend(audit::done_since(conn, "contact.erase", since).await?);
    }
    Ok(Held {
        kept: all,
        changed: contacts_of(conn, changed).await?,
        gone,
    })
}
