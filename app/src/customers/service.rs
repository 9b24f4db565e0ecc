//! Contacts: every rule about reading and writing them, for server functions and the API alike.

pub mod export;
pub mod held;
pub mod list;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

pub use self::list::list;
use super::entity::{company, contact, contact_tag};
pub(crate) use super::form::{Valid, optional, tags, validate};
use super::types::{Assignee, Contact, ContactForm, Lifecycle, Source};
use crate::core::actor::{Actor, Role};
use crate::core::code::TextCode;
use crate::core::db::Writer;
use crate::core::events::{ContactChange, Event};
use crate::core::parse::{Email, Phone};
use crate::core::policy::{Action, Owned, require};
use crate::core::records;
use crate::core::users::entity::user;
use crate::core::users::owned;
use crate::core::{audit, outbox, settings};
use crate::error::{AppError, FieldCheck, Invalid};

impl Valid {
    fn search_text(&self, company: Option<&company::Model>) -> String {
        search_text(&[
            Some(&self.name),
            self.email.as_ref().map(Email::as_str),
            self.phone.as_ref().map(Phone::as_str),
            self.wechat_id.as_deref(),
            company.map(|c| c.name.as_str()),
        ])
    }
}

/// What search matches: lower-cased name, email, WeChat id and company, and phone digits.
pub fn search_text(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|part| match part.strip_prefix('+') {
            Some(digits) => digits.to_owned(),
            None => part.to_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The names of the companies `ids`, in one query: for lists that show where people work.
pub async fn company_names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(company::Entity::find()
        .filter(company::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

/// How many customers the actor may see were added from `from` until `to`.
pub async fn added_between(
    conn: &DatabaseConnection,
    actor: &Actor,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<u64, AppError> {
    let added = crate::core::policy::find::<contact::Entity, _>(conn, actor)
        .await?
        .filter(contact::Column::ArchivedAt.is_null())
        .filter(contact::Column::CreatedAt.gte(from))
        .filter(contact::Column::CreatedAt.lt(to));
    Ok(added.count(conn).await?)
}

/// The names of the contacts `ids`, in one query: for lists of records about people.
pub async fn contact_names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(contact::Entity::find()
        .filter(contact::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

/// Checks a form, including that the chosen owner is an active user.
pub(crate) async fn checked<C: ConnectionTrait>(
    conn: &C,
    form: &ContactForm,
) -> Result<Valid, AppError> {
    let country = settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default();
    let mut check = FieldCheck::default();
    let valid = validate(form, &country, &mut check);
    if let Ok(owner) = Uuid::parse_str(form.owner_id.trim())
        && !crate::core::users::is_active(conn, owner).await?
    {
        check.refuse("owner_id", Invalid::Choice);
    }
    match valid {
        Some(valid) => check.finish().map(|()| valid),
        None => Err(check.into_error()),
    }
}

/// The company of that name, created if it does not exist yet.
pub(crate) async fn company_named<C: ConnectionTrait>(
    conn: &C,
    name: Option<&str>,
    owner: Option<Uuid>,
) -> Result<Option<company::Model>, AppError> {
    let Some(name) = name else { return Ok(None) };
    let existing = company::Entity::find()
        .filter(company::Column::SortName.eq(name.to_lowercase()))
        .filter(company::Column::ArchivedAt.is_null())
        .one(conn)
        .await?;
    if existing.is_some() {
        return Ok(existing);
    }
    let created = new_company(name, owner, Utc::now()).insert(conn).await?;
    Ok(Some(created))
}

/// A new company's row, with nothing but its name and owner known.
pub(crate) fn new_company(
    name: &str,
    owner: Option<Uuid>,
    now: DateTime<Utc>,
) -> company::ActiveModel {
    company::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.to_owned()),
        search_text: Set(search_text(&[Some(name)])),
        sort_name: Set(name.to_lowercase()),
        website: Set(None),
        email: Set(None),
        phone: Set(None),
        city: Set(None),
        country: Set(None),
        industry: Set(None),
        owner_id: Set(owner),
        external_id: Set(None),
        archived_at: Set(None),
        last_job_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

pub(crate) async fn replace_tags<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    tags: &[String],
) -> Result<(), AppError> {
    contact_tag::Entity::delete_many()
        .filter(contact_tag::Column::ContactId.eq(id))
        .exec(conn)
        .await?;
    if !tags.is_empty() {
        let rows = tags.iter().map(|tag| contact_tag::ActiveModel {
            contact_id: Set(id),
            tag: Set(tag.clone()),
        });
        contact_tag::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// A contact as the contact page shows it.
pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Contact, AppError> {
    let model = records::find_or_404::<contact::Entity, _>(conn, id).await?;
    contacts_of(conn, vec![model])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// `models` as their pages show them, in four queries whatever their number.
pub(crate) async fn contacts_of<C: ConnectionTrait>(
    conn: &C,
    models: Vec<contact::Model>,
) -> Result<Vec<Contact>, AppError> {
    let companies = company_names(conn, models.iter().filter_map(|m| m.company_id)).await?;
    let owners = crate::core::users::names(conn, models.iter().filter_map(|m| m.owner_id)).await?;
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    for tag in contact_tag::Entity::find()
        .filter(contact_tag::Column::ContactId.is_in(models.iter().map(|m| m.id)))
        .order_by_asc(contact_tag::Column::Tag)
        .all(conn)
        .await?
    {
        tags.entry(tag.contact_id).or_default().push(tag.tag);
    }
    Ok(models
        .into_iter()
        .map(|model| Contact {
            source: Source::parse(&model.source).unwrap_or(Source::Other),
            lifecycle: Lifecycle::parse(&model.lifecycle).unwrap_or(Lifecycle::Lead),
            company_name: model.company_id.and_then(|c| companies.get(&c).cloned()),
            owner_name: model.owner_id.and_then(|o| owners.get(&o).cloned()),
            tags: tags.remove(&model.id).unwrap_or_default(),
            id: model.id,
            name: model.name,
            given_name: model.given_name,
            family_name: model.family_name,
            email: model.email,
            phone: model.phone,
            wechat_id: model.wechat_id,
            city: model.city,
            company_id: model.company_id,
            owner_id: model.owner_id,
            marketing_consent: model.marketing_consent,
            unsubscribed: model.unsubscribed_at.is_some(),
            external_id: model.external_id,
            archived: model.archived_at.is_some(),
            version: model.version,
            created_at: model.created_at,
            updated_at: model.updated_at,
        })
        .collect())
}

/// A contact as its edit form would show it.
pub(crate) fn form_of(contact: &Contact) -> ContactForm {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    ContactForm {
        name: contact.name.clone(),
        given_name: text(&contact.given_name),
        family_name: text(&contact.family_name),
        email: text(&contact.email),
        phone: text(&contact.phone),
        wechat_id: text(&contact.wechat_id),
        city: text(&contact.city),
        company: text(&contact.company_name),
        source: contact.source.as_str().to_owned(),
        lifecycle: contact.lifecycle.as_str().to_owned(),
        owner_id: contact
            .owner_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        tags: contact.tags.join(","),
        marketing_consent: contact.marketing_consent.then(|| "on".to_owned()),
        id: None,
    }
}

fn record<'a>(actor: &Actor, action: &'a str, id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, "contact", Some(id))
}

/// What every create and edit does last, in its transaction: the tags, the audit entry with
/// what changed, and the event for the outside world. Returns the contact as it now is.
async fn finish_write(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
    tags: &[String],
    before: Option<&Contact>,
) -> Result<Contact, AppError> {
    replace_tags(txn, id, tags).await?;
    let after = load(txn, id).await?;
    let change = ContactChange {
        id,
        name: after.name.clone(),
        version: after.version,
        form: None,
    };
    let (action, event, changes) = match before {
        Some(before) => (
            "contact.update",
            Event::ContactUpdated(change),
            audit::changes(before, &after),
        ),
        None => (
            "contact.create",
            Event::ContactCreated(change),
            serde_json::to_value(&after).map_err(AppError::internal)?,
        ),
    };
    let mut entry = record(actor, action, id);
    entry.changes = Some(changes);
    audit::record(txn, entry).await?;
    outbox::enqueue(txn, &event).await?;
    Ok(after)
}

/// One contact, if the user may see it.
pub async fn get(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Contact, AppError> {
    authorize(conn, actor, id, Action::ViewCustomer, "contact.view").await
}

/// The contact, if the user may do `action` to it (`name` says what, in the log of refusals).
pub(crate) async fn authorize<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    action: fn(Owned) -> Action,
    name: &str,
) -> Result<Contact, AppError> {
    let contact = load(conn, id).await?;
    let owned = owned(conn, contact.owner_id).await?;
    require(conn, actor, action(owned), name).await?;
    Ok(contact)
}

/// A new contact's row; `job` is the import that creates it, if one does.
pub(crate) fn new_contact(
    id: Uuid,
    valid: Valid,
    company: Option<&company::Model>,
    now: DateTime<Utc>,
    job: Option<Uuid>,
) -> contact::ActiveModel {
    contact::ActiveModel {
        id: Set(id),
        company_id: Set(company.map(|c| c.id)),
        sort_name: Set(valid.name.to_lowercase()),
        search_text: Set(valid.search_text(company)),
        name: Set(valid.name),
        given_name: Set(valid.given_name),
        family_name: Set(valid.family_name),
        email: Set(valid.email.map(Email::into_string)),
        phone: Set(valid.phone.map(Phone::into_string)),
        wechat_id: Set(valid.wechat_id),
        city: Set(valid.city),
        source: Set(valid.source.as_str().to_owned()),
        lifecycle: Set(valid.lifecycle.as_str().to_owned()),
        owner_id: Set(valid.owner_id),
        marketing_consent: Set(valid.marketing_consent),
        consent_at: Set(valid.marketing_consent.then_some(now)),
        unsubscribed_at: Set(None),
        external_id: Set(None),
        archived_at: Set(None),
        last_job_id: Set(job),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

pub async fn create<C: Writer>(
    conn: &C,
    actor: &Actor,
    form: &ContactForm,
) -> Result<Contact, AppError> {
    require(conn, actor, Action::CreateCustomer, "contact.create").await?;
    let mut valid = checked(conn, form).await?;
    // A rep's customer is theirs unless they name its owner: left unassigned, it would leave
    // the sight of a rep restricted to their team's records as soon as it is saved.
    if actor.user.role == Role::Sales {
        valid.owner_id.get_or_insert(actor.user.id);
    }
    let tags = std::mem::take(&mut valid.tags);
    let id = records::new_id(form.id)?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let company = company_named(&txn, valid.company.as_deref(), valid.owner_id).await?;
    new_contact(id, valid, company.as_ref(), now, None)
        .insert(&txn)
        .await?;
    let created = finish_write(&txn, actor, id, &tags, None).await?;
    txn.commit().await?;
    Ok(created)
}

/// Writes an edit over the contact, provided it is still at `version`; `false` when it is
/// not. `job` is the import that makes the edit, if one does.
pub(crate) async fn overwrite(
    txn: &DatabaseTransaction,
    before: &Contact,
    version: i32,
    valid: Valid,
    company: Option<&company::Model>,
    now: DateTime<Utc>,
    job: Option<Uuid>,
) -> Result<bool, AppError> {
    let consent_at = match (before.marketing_consent, valid.marketing_consent) {
        (false, true) => Expr::value(Some(now)),
        (_, true) => Expr::col(contact::Column::ConsentAt),
        (_, false) => Expr::value(Option::<chrono::DateTime<Utc>>::None),
    };
    let search = valid.search_text(company);
    let written = records::bumped(contact::Entity::update_many(), now)
        .col_expr(
            contact::Column::CompanyId,
            Expr::value(company.map(|c| c.id)),
        )
        .col_expr(
            contact::Column::SortName,
            Expr::value(valid.name.to_lowercase()),
        )
        .col_expr(contact::Column::SearchText, Expr::value(search))
        .col_expr(contact::Column::Name, Expr::value(valid.name))
        .col_expr(contact::Column::GivenName, Expr::value(valid.given_name))
        .col_expr(contact::Column::FamilyName, Expr::value(valid.family_name))
        .col_expr(
            contact::Column::Email,
            Expr::value(valid.email.map(Email::into_string)),
        )
        .col_expr(
            contact::Column::Phone,
            Expr::value(valid.phone.map(Phone::into_string)),
        )
        .col_expr(contact::Column::WechatId, Expr::value(valid.wechat_id))
        .col_expr(contact::Column::City, Expr::value(valid.city))
        .col_expr(contact::Column::Source, Expr::value(valid.source.as_str()))
        .col_expr(
            contact::Column::Lifecycle,
            Expr::value(valid.lifecycle.as_str()),
        )
        .col_expr(contact::Column::OwnerId, Expr::value(valid.owner_id))
        .col_expr(
            contact::Column::MarketingConsent,
            Expr::value(valid.marketing_consent),
        )
        .col_expr(contact::Column::ConsentAt, consent_at)
        .col_expr(
            contact::Column::LastJobId,
            match job {
                Some(job) => Expr::value(Some(job)),
                None => Expr::col(contact::Column::LastJobId),
            },
        )
        .filter(contact::Column::Id.eq(before.id))
        .filter(contact::Column::Version.eq(version))
        .exec(txn)
        .await?;
    Ok(written.rows_affected == 1)
}

/// Saves an edit, provided nobody saved the contact since `version` was read.
pub async fn update(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    form: &ContactForm,
    version: i32,
) -> Result<Contact, AppError> {
    let before = load(conn, id).await?;
    let owned = owned(conn, before.owner_id).await?;
    require(conn, actor, Action::EditCustomer(owned), "contact.update").await?;
    let mut valid = checked(conn, form).await?;
    let tags = std::mem::take(&mut valid.tags);
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let company = company_named(&txn, valid.company.as_deref(), valid.owner_id).await?;
    let written = overwrite(&txn, &before, version, valid, company.as_ref(), now, None).await?;
    if !written {
        return Err(AppError::conflict(&before));
    }
    let after = finish_write(&txn, actor, id, &tags, Some(&before)).await?;
    txn.commit().await?;
    Ok(after)
}

/// Archives a contact (hidden from the list, history kept) or restores it.
pub async fn set_archived(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
    archived: bool,
) -> Result<Contact, AppError> {
    let before = load(conn, id).await?;
    let owned = owned(conn, before.owner_id).await?;
    let action = if archived {
        "contact.archive"
    } else {
        "contact.restore"
    };
    require(conn, actor, Action::EditCustomer(owned), action).await?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let archive = contact::Entity::update_many().col_expr(
        contact::Column::ArchivedAt,
        Expr::value(archived.then_some(now)),
    );
    records::update_versioned(&txn, archive, id, version, now, async || {
        load(&txn, id).await
    })
    .await?;
    let after = load(&txn, id).await?;
    audit::record(&txn, record(actor, action, id)).await?;
    txn.commit().await?;
    Ok(after)
}

/// The active users a record can be given to.
pub async fn assignees(conn: &DatabaseConnection) -> Result<Vec<Assignee>, AppError> {
    let users = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name)
        .all(conn)
        .await?;
    Ok(users
        .into_iter()
        .map(|u| Assignee {
            id: u.id,
            name: u.name,
        })
        .collect())
}
