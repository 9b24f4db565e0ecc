//! Writing one batch of cleaned rows inside the batch's transaction: matching each row to a
//! record already there, then skipping, updating or creating as the user chose.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set, TryIntoModel,
};
use uuid::Uuid;

use super::rows::{CompanyRow, ContactRow, OrderRow};
use super::types::{Field, MatchKey, OnDuplicate};
use crate::core::code::TextCode;
use crate::core::parse::Email;
use crate::core::records;
use crate::customers::companies::service as companies;
use crate::customers::entity::{company, contact, contact_tag};
use crate::customers::history::entity::order;
use crate::customers::history::orders::new_order;
use crate::customers::service::{
    company_named, form_of, load, new_company, new_contact, overwrite, replace_tags, search_text,
    validate,
};
use crate::customers::types::ContactForm;
use crate::error::{AppError, FieldCheck, FieldErrors, Invalid};

/// What became of one row.
pub(super) enum Outcome {
    Created,
    Updated,
    Skipped,
    Refused(FieldErrors),
}

/// What stays the same for every batch of a job.
pub(super) struct Writer {
    pub job: Uuid,
    pub user: Uuid,
    pub on_duplicate: OnDuplicate,
    pub match_keys: Vec<MatchKey>,
    pub country: String,
    pub now: DateTime<Utc>,
    /// Companies met so far, by lower-cased name.
    pub companies: HashMap<String, company::Model>,
}

fn refused(field: Field, why: Invalid) -> Outcome {
    Outcome::Refused(FieldErrors::from([(field.as_str().to_owned(), vec![why])]))
}

/// The keys a contact is known by, for matching rows to contacts.
#[derive(Default)]
struct Known {
    email: HashMap<String, Uuid>,
    phone: HashMap<String, Uuid>,
    name_company: HashMap<(String, Option<Uuid>), Uuid>,
}

impl Known {
    fn add(
        &mut self,
        id: Uuid,
        email: Option<&str>,
        phone: Option<&str>,
        name: &str,
        company: Option<Uuid>,
    ) {
        if let Some(email) = email {
            self.email.entry(email.to_owned()).or_insert(id);
        }
        if let Some(phone) = phone {
            self.phone.entry(phone.to_owned()).or_insert(id);
        }
        self.name_company
            .entry((name.to_lowercase(), company))
            .or_insert(id);
    }

    /// The contact the row names by one of `keys`. `company` is the row's company: `None`
    /// when it names one that does not exist yet, so that nobody matches by name and company.
    fn find(
        &self,
        keys: &[MatchKey],
        row: &ContactRow,
        company: Option<Option<Uuid>>,
    ) -> Option<Uuid> {
        keys.iter().find_map(|key| {
            match key {
                MatchKey::Email => row
                    .valid
                    .email
                    .as_ref()
                    .and_then(|e| self.email.get(e.as_str())),
                MatchKey::Phone => row
                    .valid
                    .phone
                    .as_ref()
                    .and_then(|p| self.phone.get(p.as_str())),
                MatchKey::NameCompany => company.and_then(|company| {
                    self.name_company
                        .get(&(row.valid.name.to_lowercase(), company))
                }),
            }
            .copied()
        })
    }
}

impl Writer {
    /// The company of that name if there is one, without creating it.
    async fn find_company(
        &mut self,
        txn: &DatabaseTransaction,
        name: Option<&str>,
    ) -> Result<Option<company::Model>, AppError> {
        let Some(name) = name else { return Ok(None) };
        let key = name.to_lowercase();
        if let Some(found) = self.companies.get(&key) {
            return Ok(Some(found.clone()));
        }
        let found = company::Entity::find()
            .filter(company::Column::SortName.eq(&key))
            .filter(company::Column::ArchivedAt.is_null())
            .one(txn)
            .await?;
        if let Some(found) = &found {
            self.companies.insert(key, found.clone());
        }
        Ok(found)
    }

    /// The company of that name, created if there is none yet.
    async fn company(
        &mut self,
        txn: &DatabaseTransaction,
        name: Option<&str>,
        owner: Option<Uuid>,
    ) -> Result<Option<company::Model>, AppError> {
        if let Some(found) = self.find_company(txn, name).await? {
            return Ok(Some(found));
        }
        let created = company_named(txn, name, owner).await?;
        if let Some(created) = &created {
            self.companies
                .insert(created.sort_name.clone(), created.clone());
        }
        Ok(created)
    }

    /// A batch of contacts. Contacts already there are read with one query per match key;
    /// new ones are inserted together at the end, or before an update that needs one of them.
    pub async fn contacts(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<ContactRow>,
    ) -> Result<Vec<Outcome>, AppError> {
        let mut known = self.existing(txn, &rows).await?;
        let mut pending: Vec<(contact::ActiveModel, Vec<String>)> = Vec::new();
        let mut pending_ids = HashSet::new();
        let mut outcomes = Vec::with_capacity(rows.len());
        for mut row in rows {
            let company_name = row.valid.company.clone();
            let found_company = self.find_company(txn, company_name.as_deref()).await?;
            let company_key = match (&company_name, &found_company) {
                (Some(_), None) => None,
                (_, found) => Some(found.as_ref().map(|c| c.id)),
            };
            let found = known.find(&self.match_keys, &row, company_key);
            let outcome = match (found, self.on_duplicate) {
                (Some(_), OnDuplicate::Skip) => Outcome::Skipped,
                (Some(id), OnDuplicate::Update) => {
                    if pending_ids.contains(&id) {
                        flush(txn, &mut pending).await?;
                        pending_ids.clear();
                    }
                    self.update_contact(txn, id, &row).await?
                }
                _ => {
                    let company = self
                        .company(txn, company_name.as_deref(), row.valid.owner_id)
                        .await?;
                    let id = Uuid::now_v7();
                    known.add(
                        id,
                        row.valid.email.as_ref().map(Email::as_str),
                        row.valid.phone.as_ref().map(|p| p.as_str()),
                        &row.valid.name,
                        company.as_ref().map(|c| c.id),
                    );
                    let tags = std::mem::take(&mut row.valid.tags);
                    let mut model =
                        new_contact(id, row.valid, company.as_ref(), self.now, Some(self.job));
                    model.external_id = Set(row.external_id);
                    pending.push((model, tags));
                    pending_ids.insert(id);
                    Outcome::Created
                }
            };
            outcomes.push(outcome);
        }
        flush(txn, &mut pending).await?;
        Ok(outcomes)
    }

    /// The live contacts that share a match key with a row of the batch.
    async fn existing(
        &self,
        txn: &DatabaseTransaction,
        rows: &[ContactRow],
    ) -> Result<Known, AppError> {
        let mut any = Condition::any();
        for key in &self.match_keys {
            any = match key {
                MatchKey::Email => any.add(
                    contact::Column::Email.is_in(
                        rows.iter()
                            .filter_map(|r| r.valid.email.as_ref().map(|e| e.as_str().to_owned())),
                    ),
                ),
                MatchKey::Phone => any.add(
                    contact::Column::Phone.is_in(
                        rows.iter()
                            .filter_map(|r| r.valid.phone.as_ref().map(|p| p.as_str().to_owned())),
                    ),
                ),
                MatchKey::NameCompany => any.add(
                    contact::Column::SortName
                        .is_in(rows.iter().map(|r| r.valid.name.to_lowercase())),
                ),
            };
        }
        let mut known = Known::default();
        if self.match_keys.is_empty() {
            return Ok(known);
        }
        let found = contact::Entity::find()
            .filter(contact::Column::ArchivedAt.is_null())
            .filter(any)
            .all(txn)
            .await?;
        for model in found {
            known.add(
                model.id,
                model.email.as_deref(),
                model.phone.as_deref(),
                &model.sort_name,
                model.company_id,
            );
        }
        Ok(known)
    }

    /// Lays the row's values over the contact: empty cells change nothing, tags are added.
    async fn update_contact(
        &mut self,
        txn: &DatabaseTransaction,
        id: Uuid,
        row: &ContactRow,
    ) -> Result<Outcome, AppError> {
        let before = load(txn, id).await?;
        let form = overlay(form_of(&before), &row.form, row.consent);
        let mut check = FieldCheck::default();
        let Some(mut valid) = validate(&form, &self.country, &mut check) else {
            return Ok(match check.into_error() {
                AppError::Validation(reasons) => Outcome::Refused(reasons),
                _ => Outcome::Refused(FieldErrors::new()),
            });
        };
        let tags = std::mem::take(&mut valid.tags);
        let company = self
            .company(txn, valid.company.as_deref(), valid.owner_id)
            .await?;
        if !overwrite(
            txn,
            &before,
            before.version,
            valid,
            company.as_ref(),
            self.now,
            Some(self.job),
        )
        .await?
        {
            return Err(AppError::conflict(&before));
        }
        replace_tags(txn, id, &tags).await?;
        if let Some(external_id) = &row.external_id {
            contact::Entity::update_many()
                .col_expr(contact::Column::ExternalId, Expr::value(external_id))
                .filter(contact::Column::Id.eq(id))
                .exec(txn)
                .await?;
        }
        Ok(Outcome::Updated)
    }

    /// One company: matched by its customer id when the row has one, else by name.
    pub async fn company_row(
        &mut self,
        txn: &DatabaseTransaction,
        row: CompanyRow,
    ) -> Result<Outcome, AppError> {
        let valid = row.valid;
        let mut found = None;
        for matching in [
            row.external_id
                .as_ref()
                .map(|id| company::Column::ExternalId.eq(id)),
            Some(company::Column::SortName.eq(valid.name.to_lowercase())),
        ]
        .into_iter()
        .flatten()
        {
            if found.is_none() {
                found = company::Entity::find()
                    .filter(company::Column::ArchivedAt.is_null())
                    .filter(matching)
                    .one(txn)
                    .await?;
            }
        }
        let found = match (found, self.on_duplicate) {
            (Some(_), OnDuplicate::Skip) => return Ok(Outcome::Skipped),
            (Some(found), OnDuplicate::Update) => Some(found),
            _ => None,
        };
        let outcome = if found.is_some() {
            Outcome::Updated
        } else {
            Outcome::Created
        };
        // Found by its customer id under another name: the new name reaches its people.
        let renamed = found
            .as_ref()
            .filter(|f| f.name != valid.name)
            .map(|f| f.id);
        let mut model: company::ActiveModel = match found {
            Some(found) => {
                let version = found.version;
                let mut model: company::ActiveModel = found.into();
                model.version = Set(version + 1);
                model.updated_at = Set(self.now);
                model
            }
            None => new_company(&valid.name, valid.owner_id, self.now),
        };
        let keep = |value: Option<String>,
                    model_value: &mut sea_orm::ActiveValue<Option<String>>| {
            if value.is_some() {
                *model_value = Set(value);
            }
        };
        keep(valid.website, &mut model.website);
        keep(valid.email.map(Email::into_string), &mut model.email);
        keep(valid.phone.map(|p| p.into_string()), &mut model.phone);
        keep(valid.city, &mut model.city);
        keep(valid.country, &mut model.country);
        keep(valid.industry, &mut model.industry);
        keep(row.external_id, &mut model.external_id);
        if valid.owner_id.is_some() {
            model.owner_id = Set(valid.owner_id);
        }
        model.sort_name = Set(valid.name.to_lowercase());
        model.search_text = Set(search_text(&[Some(&valid.name)]));
        let name = valid.name;
        model.name = Set(name.clone());
        model.last_job_id = Set(Some(self.job));
        let saved = model.save(txn).await?;
        if let Some(id) = renamed {
            companies::renamed(txn, id, &name).await?;
        }
        if let Ok(saved) = saved.try_into_model() {
            self.companies.insert(saved.sort_name.clone(), saved);
        }
        Ok(outcome)
    }

    /// One order: its customer found by external id, email or phone, its number matched to
    /// an order already there.
    pub async fn order_row(
        &mut self,
        txn: &DatabaseTransaction,
        row: OrderRow,
    ) -> Result<Outcome, AppError> {
        let Some(customer) = customer_of(txn, &row).await? else {
            let field = if row.customer_id.is_some() {
                Field::CustomerId
            } else if row.email.is_some() {
                Field::Email
            } else {
                Field::Phone
            };
            return Ok(refused(field, Invalid::NoMatch));
        };
        // An ERP id finds the order that ERP sent before, whatever number it shows now.
        let by_external_id = match &row.order.external_id {
            Some(id) => {
                order::Entity::find()
                    .filter(order::Column::ExternalId.eq(id))
                    .one(txn)
                    .await?
            }
            None => None,
        };
        let found = match by_external_id {
            Some(found) => Some(found),
            None => {
                order::Entity::find()
                    .filter(order::Column::Number.eq(&row.number))
                    .one(txn)
                    .await?
            }
        };
        match (found, self.on_duplicate) {
            (Some(_), OnDuplicate::Skip) => Ok(Outcome::Skipped),
            (Some(_), OnDuplicate::Create) => Ok(refused(Field::Number, Invalid::Taken)),
            (Some(found), OnDuplicate::Update) => {
                let valid = row.order;
                let mut update = order::Entity::update_many();
                if let Some(external_id) = valid.external_id {
                    update = update.col_expr(order::Column::ExternalId, Expr::value(external_id));
                }
                records::bumped(update, self.now)
                    .col_expr(order::Column::ContactId, Expr::value(Some(customer.id)))
                    .col_expr(order::Column::CompanyId, Expr::value(customer.company_id))
                    .col_expr(order::Column::OrderedAt, Expr::value(valid.ordered_at))
                    .col_expr(order::Column::AmountMinor, Expr::value(valid.amount.minor))
                    .col_expr(order::Column::Currency, Expr::value(valid.amount.currency))
                    .col_expr(order::Column::Status, Expr::value(valid.status.as_str()))
                    .col_expr(order::Column::Note, Expr::value(valid.note))
                    .col_expr(order::Column::LastJobId, Expr::value(Some(self.job)))
                    .filter(order::Column::Id.eq(found.id))
                    .exec(txn)
                    .await?;
                Ok(Outcome::Updated)
            }
            (None, _) => {
                new_order(
                    Uuid::now_v7(),
                    (customer.id, customer.company_id),
                    row.number,
                    &row.order,
                    self.user,
                    self.now,
                    Some(self.job),
                )
                .insert(txn)
                .await?;
                Ok(Outcome::Created)
            }
        }
    }
}

/// The contact an order row names, by the first of its keys that finds one.
async fn customer_of(
    txn: &DatabaseTransaction,
    row: &OrderRow,
) -> Result<Option<contact::Model>, AppError> {
    let keys = [
        row.customer_id
            .as_deref()
            .map(|id| contact::Column::ExternalId.eq(id)),
        row.email
            .as_ref()
            .map(|e| contact::Column::Email.eq(e.as_str())),
        row.phone
            .as_ref()
            .map(|p| contact::Column::Phone.eq(p.as_str())),
    ];
    for key in keys.into_iter().flatten() {
        let found = contact::Entity::find()
            .filter(contact::Column::ArchivedAt.is_null())
            .filter(key)
            .one(txn)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Inserts the contacts waiting in `pending`, with their tags, in as few statements as the
/// databases allow.
async fn flush(
    txn: &DatabaseTransaction,
    pending: &mut Vec<(contact::ActiveModel, Vec<String>)>,
) -> Result<(), AppError> {
    // SQLite takes 32,766 values per statement: 500 contacts of 23 columns stay well under.
    const CHUNK: usize = 500;
    let batch = std::mem::take(pending);
    let mut tags = Vec::new();
    let mut models = Vec::with_capacity(batch.len());
    for (model, contact_tags) in batch {
        if let sea_orm::ActiveValue::Set(id) = model.id {
            tags.extend(
                contact_tags
                    .into_iter()
                    .map(|tag| contact_tag::ActiveModel {
                        contact_id: Set(id),
                        tag: Set(tag),
                    }),
            );
        }
        models.push(model);
    }
    for chunk in models.chunks(CHUNK) {
        contact::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    for chunk in tags.chunks(CHUNK * 4) {
        contact_tag::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// `row`'s values over `form`: a value in the row wins, an empty cell keeps the form's, and
/// tags are added to the ones there.
fn overlay(form: ContactForm, row: &ContactForm, consent: Option<bool>) -> ContactForm {
    let pick = |old: String, new: &str| {
        if new.trim().is_empty() {
            old
        } else {
            new.to_owned()
        }
    };
    ContactForm {
        name: pick(form.name, &row.name),
        given_name: pick(form.given_name, &row.given_name),
        family_name: pick(form.family_name, &row.family_name),
        email: pick(form.email, &row.email),
        phone: pick(form.phone, &row.phone),
        wechat_id: pick(form.wechat_id, &row.wechat_id),
        city: pick(form.city, &row.city),
        company: pick(form.company, &row.company),
        source: pick(form.source, &row.source),
        lifecycle: pick(form.lifecycle, &row.lifecycle),
        owner_id: pick(form.owner_id, &row.owner_id),
        tags: format!("{},{}", form.tags, row.tags),
        marketing_consent: match consent {
            Some(given) => given.then(|| "on".to_owned()),
            None => form.marketing_consent,
        },
        id: None,
    }
}
