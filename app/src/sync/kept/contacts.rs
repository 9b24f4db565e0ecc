//! A contact and their history from the copy, and contacts added and calls and notes
//! logged there.

use chrono::Utc;
use uuid::Uuid;

use super::{device, queue, unread, zone};
use crate::core::offline::{Kept, remembered};
use crate::customers::form::validate;
use crate::customers::history::types::{History, HistoryItem, Interaction, InteractionForm};
use crate::customers::types::{Contact, ContactForm, ContactPage, ContactRow};
use crate::error::{AppError, FieldCheck};
use crate::sync::copy::{self, CONTACTS};
use crate::sync::types::Write;

/// The contacts the copy keeps whose name, email, phone or company holds `q`, by name.
pub fn contacts(q: String) -> Kept<ContactPage> {
    Box::pin(async move {
        let device = device().await?;
        let mut kept: Vec<Contact> = copy::records(&device, CONTACTS).await.map_err(unread)?;
        let needle = q.trim().to_lowercase();
        kept.retain(|c| {
            [
                Some(&c.name),
                c.email.as_ref(),
                c.phone.as_ref(),
                c.company_name.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains(&needle))
        });
        kept.sort_by_key(|c| (c.name.to_lowercase(), c.id));
        let rows = kept
            .into_iter()
            .map(|c| ContactRow {
                id: c.id,
                name: c.name,
                email: c.email,
                phone: c.phone,
                company_name: c.company_name,
                lifecycle: c.lifecycle,
                owner_name: c.owner_name,
            })
            .collect();
        Ok(ContactPage { rows, next: None })
    })
}

pub fn contact(id: Uuid) -> Kept<Contact> {
    Box::pin(async move {
        copy::kept_contact(&device().await?, id)
            .await
            .map_err(unread)
    })
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
        copy::kept_contact(&device, contact).await.map_err(unread)?;
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

/// A contact added offline, checked as the server checks them: in the copy at once, and
/// queued with the id made here, which the writes after it name.
pub fn add_contact(form: ContactForm) -> Kept<Contact> {
    Box::pin(async move {
        let device = device().await?;
        let country = copy::country(&device).await.map_err(unread)?;
        let mut check = FieldCheck::default();
        let Some(valid) = validate(&form, &country, &mut check) else {
            return Err(check.into_error());
        };
        check.finish()?;
        let people = copy::people(&device).await.map_err(unread)?;
        let (id, now) = (Uuid::now_v7(), Utc::now());
        let contact = Contact {
            id,
            name: valid.name,
            given_name: valid.given_name,
            family_name: valid.family_name,
            email: valid.email.map(|e| e.as_str().to_owned()),
            phone: valid.phone.map(|p| p.as_str().to_owned()),
            wechat_id: valid.wechat_id,
            city: valid.city,
            company_id: None,
            company_name: valid.company,
            source: valid.source,
            lifecycle: valid.lifecycle,
            owner_id: valid.owner_id,
            owner_name: valid
                .owner_id
                .and_then(|owner| people.into_iter().find(|p| p.id == owner))
                .map(|p| p.name),
            tags: valid.tags,
            marketing_consent: valid.marketing_consent,
            unsubscribed: false,
            external_id: None,
            archived: false,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let write = Write::AddContact {
            contact: ContactForm {
                id: Some(id),
                ..form
            },
        };
        queue(&device, write, vec![copy::contact(&contact)]).await?;
        Ok(contact)
    })
}
