//! Web forms: their settings, and what a submission does.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::entity;
use super::types::{Submitted, WebForm, WebFormForm};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::events::{ContactChange, Event};
use crate::core::parse::{self, Email, Phone};
use crate::core::policy::{self, Action};
use crate::core::users::is_active;
use crate::core::{audit, outbox, settings};
use crate::customers::entity::contact;
use crate::customers::history::entity::interaction;
use crate::customers::history::types::{Direction, InteractionKind};
use crate::customers::service::{
    company_named, form_of, load, new_contact, optional, overwrite, replace_tags, validate,
};
use crate::customers::types::{ContactForm, Lifecycle, Source};
use crate::error::{AppError, FieldCheck, Invalid};

fn to_form(model: entity::Model, public_url: &str) -> WebForm {
    WebForm {
        action: format!("{}/f/{}", public_url.trim_end_matches('/'), model.key),
        id: model.id,
        key: model.key,
        name: model.name,
        tag: model.tag,
        owner_id: model.owner_id,
        redirect_url: model.redirect_url,
        active: model.active,
        opens_tickets: model.opens_tickets,
        created_at: model.created_at,
    }
}

/// Every form, newest first. The owner's, like the other settings.
pub async fn list(
    conn: &DatabaseConnection,
    actor: &Actor,
    public_url: &str,
) -> Result<Vec<WebForm>, AppError> {
    policy::require(conn, actor, Action::ManageSettings, "web_form.list").await?;
    Ok(entity::Entity::find()
        .order_by_desc(entity::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| to_form(m, public_url))
        .collect())
}

/// A web address Banyan may send a visitor on to.
fn web_address(value: &str) -> Result<String, Invalid> {
    let url = parse::text(value, 500)?;
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    if ok { Ok(url) } else { Err(Invalid::Choice) }
}

pub async fn create(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &WebFormForm,
    public_url: &str,
) -> Result<WebForm, AppError> {
    policy::require(conn, actor, Action::ManageSettings, "web_form.create").await?;
    let mut check = FieldCheck::default();
    let name = check.check("name", parse::text(&form.name, 100));
    let tag = check.check("tag", parse::optional_text(&form.tag, 40));
    let redirect_url = check.check("redirect_url", optional(&form.redirect_url, web_address));
    let owner_id = check.check(
        "owner_id",
        optional(&form.owner_id, |id| {
            Uuid::parse_str(id.trim()).map_err(|_| Invalid::Choice)
        }),
    );
    if let Some(Some(owner)) = owner_id
        && !is_active(conn, owner).await?
    {
        check.refuse("owner_id", Invalid::Choice);
    }
    let (Some(name), Some(tag), Some(redirect_url), Some(owner_id)) =
        (name, tag, redirect_url, owner_id)
    else {
        return Err(check.into_error());
    };
    check.finish()?;
    // Not a secret (it is in the website's HTML), only unguessable enough not to be found.
    let key: String = crate::auth::secret::new_token()?.chars().take(22).collect();
    let txn = crate::core::db::write(conn).await?;
    let model = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        key: Set(key),
        name: Set(name),
        tag: Set(tag),
        owner_id: Set(owner_id),
        redirect_url: Set(redirect_url),
        active: Set(true),
        created_at: Set(Utc::now()),
        opens_tickets: Set(form.opens_tickets.is_some()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "web_form.create",
            "web_form",
            Some(model.id),
        )
        .changes(json!({ "name": model.name, "opens_tickets": model.opens_tickets })),
    )
    .await?;
    txn.commit().await?;
    Ok(to_form(model, public_url))
}

/// Turns a form off (its address then answers "not found") or on again.
pub async fn set_active(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    active: bool,
) -> Result<(), AppError> {
    policy::require(conn, actor, Action::ManageSettings, "web_form.update").await?;
    let txn = crate::core::db::write(conn).await?;
    let changed = entity::Entity::update_many()
        .col_expr(entity::Column::Active, Expr::value(active))
        .filter(entity::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            if active {
                "web_form.enable"
            } else {
                "web_form.disable"
            },
            "web_form",
            Some(id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The active form behind `key`, for the public endpoint.
pub async fn find_active(conn: &DatabaseConnection, key: &str) -> Result<entity::Model, AppError> {
    entity::Entity::find()
        .filter(entity::Column::Key.eq(key))
        .filter(entity::Column::Active.eq(true))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The honeypot's name: a field people never see, which robots fill.
pub const HONEYPOT: &str = "website";

fn yes(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "yes" | "on" | "true" | "1" | "y" | "是" | "同意"
    )
}

/// What a visitor sent through a form: a contact created, or the one with their email or
/// phone filled in (never overwritten) and tagged; consent given is recorded, consent not
/// given leaves it as it was; their message lands in the contact's history.
pub async fn submit(
    conn: &DatabaseConnection,
    form: &entity::Model,
    fields: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<Submitted, AppError> {
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    if !field(HONEYPOT).trim().is_empty() {
        tracing::info!(form = %form.id, "web form: a robot filled the honeypot");
        return Ok(Submitted::Ignored);
    }
    let now = now.trunc_subsecs(6);
    let country = settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default();
    let mut check = FieldCheck::default();
    let email = check.check("email", optional(field("email"), Email::parse));
    let phone = check.check(
        "phone",
        optional(field("phone"), |p| Phone::parse(p, &country)),
    );
    let message = check.check(
        "message",
        parse::optional_long_text(field("message"), 5_000),
    );
    if matches!((&email, &phone), (Some(None), Some(None))) {
        check.refuse("email", Invalid::Required);
    }
    let (Some(email), Some(phone), Some(message)) = (email, phone, message) else {
        return Err(check.into_error());
    };
    check.finish()?;
    let consent = yes(field("consent"));
    let txn = crate::core::db::write(conn).await?;
    let mut existing = None;
    for (column, value) in [
        (contact::Column::Email, email.as_ref().map(Email::as_str)),
        (contact::Column::Phone, phone.as_ref().map(Phone::as_str)),
    ] {
        if let (None, Some(value)) = (&existing, value) {
            existing = contact::Entity::find()
                .filter(column.eq(value))
                .filter(contact::Column::ArchivedAt.is_null())
                .one(&txn)
                .await?;
        }
    }
    let sent = ContactForm {
        // Someone who leaves their name out is known by their email, as they wrote it.
        name: match field("name").trim() {
            "" => email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_else(|| field("phone").to_owned()),
            name => name.to_owned(),
        },
        email: field("email").to_owned(),
        phone: field("phone").to_owned(),
        company: field("company").to_owned(),
        tags: form.tag.clone().unwrap_or_default(),
        ..ContactForm::default()
    };
    let (id, submitted, created) = match existing {
        Some(model) => {
            let before = load(&txn, model.id).await?;
            let mut merged = form_of(&before);
            let fill = |old: &mut String, new: &str| {
                if old.trim().is_empty() {
                    *old = new.to_owned();
                }
            };
            fill(&mut merged.email, &sent.email);
            fill(&mut merged.phone, &sent.phone);
            fill(&mut merged.company, &sent.company);
            merged.tags = format!("{},{}", merged.tags, sent.tags);
            if consent {
                merged.marketing_consent = Some("on".to_owned());
            }
            let mut valid = checked(&merged, &country)?;
            let tags = std::mem::take(&mut valid.tags);
            let company = company_named(&txn, valid.company.as_deref(), valid.owner_id).await?;
            if !overwrite(
                &txn,
                &before,
                before.version,
                valid,
                company.as_ref(),
                now,
                None,
            )
            .await?
            {
                return Err(AppError::conflict(&before));
            }
            replace_tags(&txn, before.id, &tags).await?;
            (before.id, Submitted::Updated(before.id), false)
        }
        None => {
            let new = ContactForm {
                source: Source::Web.as_str().to_owned(),
                lifecycle: Lifecycle::Lead.as_str().to_owned(),
                owner_id: form.owner_id.map(|id| id.to_string()).unwrap_or_default(),
                marketing_consent: consent.then(|| "on".to_owned()),
                ..sent
            };
            let mut valid = checked(&new, &country)?;
            let tags = std::mem::take(&mut valid.tags);
            let company = company_named(&txn, valid.company.as_deref(), valid.owner_id).await?;
            let id = Uuid::now_v7();
            new_contact(id, valid, company.as_ref(), now, None)
                .insert(&txn)
                .await?;
            replace_tags(&txn, id, &tags).await?;
            (id, Submitted::Created(id), true)
        }
    };
    // The desk's contact form hands the message to the inbox; any other keeps it in history.
    match message {
        Some(message) if form.opens_tickets => {
            crate::tickets::service::from_web_form(&txn, id, message, now).await?;
        }
        Some(message) => {
            let company = contact::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .and_then(|c| c.company_id);
            interaction::ActiveModel {
                id: Set(Uuid::now_v7()),
                contact_id: Set(id),
                company_id: Set(company),
                kind: Set(InteractionKind::Note.as_str().to_owned()),
                direction: Set(Some(Direction::Inbound.as_str().to_owned())),
                occurred_at: Set(now),
                user_id: Set(None),
                subject: Set(Some(form.name.clone())),
                body: Set(Some(message)),
                last_job_id: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        None => {}
    }
    audit::record(
        &txn,
        audit::Entry::new(None, "web_form.submit", "contact", Some(id)).changes(json!({ "form": form.name, "consent": consent, "new": matches!(submitted, Submitted::Created(_)) })),
    )
    .await?;
    let contact = load(&txn, id).await?;
    let change = ContactChange {
        id,
        name: contact.name,
        version: contact.version,
        form: Some(form.id),
    };
    let event = if created {
        Event::ContactCreated(change)
    } else {
        Event::ContactUpdated(change)
    };
    outbox::enqueue(&txn, &event).await?;
    txn.commit().await?;
    Ok(submitted)
}

fn checked(
    form: &ContactForm,
    country: &str,
) -> Result<crate::customers::service::Valid, AppError> {
    let mut check = FieldCheck::default();
    let Some(valid) = validate(form, country, &mut check) else {
        return Err(check.into_error());
    };
    check.finish().map(|()| valid)
}
