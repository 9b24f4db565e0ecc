//! A contact and their history from the copy, and calls and notes logged there.

use chrono::Utc;
use uuid::Uuid;

use super::{device, queue, unread, zone};
use crate::core::offline::{Kept, remembered};
use crate::customers::history::types::{History, HistoryItem, Interaction, InteractionForm};
use crate::customers::types::Contact;
use crate::error::AppError;
use crate::sync::copy;
use crate::sync::types::Write;

pub fn contact(id: Uuid) -> Kept<Contact> {
    Box::pin(async move { copy::contact(&device().await?, id).await.map_err(unread) })
}

/// A contact's history as the copy keeps it, the newest first.
pub fn history(contact: Uuid) -> Kept<History> {
    Box::pin(async move {
        let device = device().await?;
        let mut items = copy::history(&device, contact).await.map_err(unread)?;
        items.sort_by_key(|item| std::cmp::Reverse((item.at(), item.id())));
        Ok(History { items, next: None })
    })
}

/// A call, note or meeting logged offline: in the contact's history at once, and queued.
pub fn log(contact: Uuid, form: InteractionForm) -> Kept<Interaction> {
    Box::pin(async move {
        let me = remembered().ok_or(AppError::Unauthorized)?.user;
        let device = device().await?;
        copy::contact(&device, contact).await.map_err(unread)?;
        let logged = form.read(Utc::now(), zone())?;
        let entry = Interaction {
            id: Uuid::now_v7(),
            contact_id: contact,
            kind: logged.kind,
            direction: logged.direction,
            occurred_at: logged.occurred_at,
            user_name: Some(me.name),
            subject: logged.subject,
            body: logged.body,
        };
        let write = Write::Log {
            contact,
            form: InteractionForm {
                id: Some(entry.id),
                ..form
            },
        };
        let item = HistoryItem::Interaction(entry.clone());
        queue(
            &device,
            write,
            copy::history_entry(&item).into_iter().collect(),
        )
        .await?;
        Ok(entry)
    })
}
