//! One row of a file, cleaned into a record ready to write or refused with its reasons.
//! Each kind reuses the checks of its own form, so a row is held to the same rules as
//! someone typing it.

use std::collections::HashMap;

use chrono_tz::Tz;
use clean::table::Row;
use uuid::Uuid;

use super::types::{Field, ImportKind, ImportOptions};
use crate::core::code::TextCode;
use crate::core::parse::{self, Email, Phone};
use crate::customers::companies::service::{self as companies, ValidCompany};
use crate::customers::companies::types::CompanyForm;
use crate::customers::form::optional;
use crate::customers::history::orders::{ValidOrder, check_order};
use crate::customers::history::types::{OrderForm, OrderStatus};
use crate::customers::service::{Valid, validate};
use crate::customers::types::{ContactForm, Lifecycle, Source};
use crate::error::{FieldCheck, FieldErrors, Invalid};
use crate::i18n::{Locale, Messages, format};

/// What cleaning needs besides the row: the workspace's country and currency, the importing
/// user's time zone, and who the active users are.
pub(super) struct Context {
    pub kind: ImportKind,
    pub options: ImportOptions,
    pub country: String,
    pub currency: String,
    pub zone: Tz,
    /// Active users by lower-cased email and by lower-cased name.
    pub users: HashMap<String, Uuid>,
}

/// A row that passed every check.
pub(super) enum Record {
    Contact(Box<ContactRow>),
    Company(CompanyRow),
    Order(OrderRow),
}

pub(super) struct ContactRow {
    /// The row's own values (labels read, no defaults), to lay over a record it updates.
    pub form: ContactForm,
    /// Whether the row gave a consent value: an empty cell leaves a record's consent alone.
    pub consent: Option<bool>,
    /// The row as a new contact: defaults filled in, every value checked.
    pub valid: Valid,
    pub external_id: Option<String>,
}

pub(super) struct CompanyRow {
    pub valid: ValidCompany,
    pub external_id: Option<String>,
}

pub(super) struct OrderRow {
    /// What the order is matched by when the file comes again, with its ERP id if it has one.
    pub number: String,
    pub order: ValidOrder,
    pub customer_id: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
}

impl Record {
    /// The value a field will be written with, as the preview shows it to a reader of
    /// `locale` in `zone`; `None` where the cell as written says it best (an owner's email).
    pub fn shown(&self, field: Field, locale: Locale, zone: Tz) -> Option<String> {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let email = |value: &Option<Email>| value.as_ref().map(|e| e.as_str().to_owned());
        let phone = |value: &Option<Phone>| value.as_ref().map(|p| p.as_str().to_owned());
        let shown = match (self, field) {
            (_, Field::OwnerId) => return None,
            (Record::Contact(row), field) => {
                let valid = &row.valid;
                match field {
                    Field::Name => valid.name.clone(),
                    Field::GivenName => text(&valid.given_name),
                    Field::FamilyName => text(&valid.family_name),
                    Field::Email => email(&valid.email).unwrap_or_default(),
                    Field::Phone => phone(&valid.phone).unwrap_or_default(),
                    Field::WechatId => text(&valid.wechat_id),
                    Field::City => text(&valid.city),
                    Field::Company => text(&valid.company),
                    Field::Lifecycle => valid.lifecycle.as_str().to_owned(),
                    Field::Source => valid.source.as_str().to_owned(),
                    Field::Tags => valid.tags.join(", "),
                    Field::MarketingConsent => valid.marketing_consent.to_string(),
                    Field::ExternalId => text(&row.external_id),
                    _ => return None,
                }
            }
            (Record::Company(row), field) => {
                let valid = &row.valid;
                match field {
                    Field::Name => valid.name.clone(),
                    Field::Website => text(&valid.website),
                    Field::Email => email(&valid.email).unwrap_or_default(),
                    Field::Phone => phone(&valid.phone).unwrap_or_default(),
                    Field::City => text(&valid.city),
                    Field::Country => text(&valid.country),
                    Field::Industry => text(&valid.industry),
                    Field::ExternalId => text(&row.external_id),
                    _ => return None,
                }
            }
            (Record::Order(row), field) => {
                let order = &row.order;
                match field {
                    Field::Number => row.number.clone(),
                    Field::ExternalId => text(&order.external_id),
                    Field::OrderedOn => format::date(order.ordered_at, zone.name(), locale),
                    Field::Amount => format::money(&order.amount, locale),
                    Field::Currency => order.amount.currency.clone(),
                    Field::Status => order.status.as_str().to_owned(),
                    Field::Note => text(&order.note),
                    Field::CustomerId => text(&row.customer_id),
                    Field::Email => email(&row.email).unwrap_or_default(),
                    Field::Phone => phone(&row.phone).unwrap_or_default(),
                    _ => return None,
                }
            }
        };
        Some(shown)
    }
}

impl Context {
    /// The row's cell for `field`, if a column is mapped to it.
    pub fn cell<'a>(&self, row: &'a Row, field: Field) -> &'a str {
        self.options
            .columns
            .iter()
            .position(|f| *f == Some(field))
            .map_or("", |index| row.cell(index))
    }

    /// Cleans one row, or says everything that is wrong with it.
    pub fn clean(&self, row: &Row) -> Result<Record, FieldErrors> {
        let mut check = FieldCheck::default();
        let record = match self.kind {
            ImportKind::Contacts => self
                .contact(row, &mut check)
                .map(|c| Record::Contact(Box::new(c))),
            ImportKind::Companies => self.company(row, &mut check).map(Record::Company),
            ImportKind::Orders => self.order(row, &mut check).map(Record::Order),
        };
        match (check.finish(), record) {
            (Ok(()), Some(record)) => Ok(record),
            (Err(crate::error::AppError::Validation(reasons)), _) => Err(reasons),
            _ => Err(FieldErrors::new()),
        }
    }

    /// A user named by email or name, for an owner column.
    fn owner(&self, value: &str, check: &mut FieldCheck) -> Option<Uuid> {
        let value = value.trim().to_lowercase();
        if value.is_empty() {
            return None;
        }
        let found = self.users.get(&value).copied();
        if found.is_none() {
            check.refuse(Field::OwnerId.as_str(), Invalid::Choice);
        }
        found
    }

    fn contact(&self, row: &Row, check: &mut FieldCheck) -> Option<ContactRow> {
        let cell = |field| self.cell(row, field).to_owned();
        let lifecycle = labelled::<Lifecycle>(&cell(Field::Lifecycle), Messages::lifecycle);
        let source = labelled::<Source>(&cell(Field::Source), Messages::source);
        let consent = yes_or_no(&cell(Field::MarketingConsent));
        if consent.is_err() {
            check.refuse(Field::MarketingConsent.as_str(), Invalid::Choice);
        }
        let owner = self.owner(&cell(Field::OwnerId), check);
        let form = ContactForm {
            name: cell(Field::Name),
            given_name: cell(Field::GivenName),
            family_name: cell(Field::FamilyName),
            email: cell(Field::Email),
            phone: cell(Field::Phone),
            wechat_id: cell(Field::WechatId),
            city: cell(Field::City),
            company: cell(Field::Company),
            source,
            lifecycle,
            owner_id: owner.map(|id| id.to_string()).unwrap_or_default(),
            tags: cell(Field::Tags),
            marketing_consent: None,
            id: None,
        };
        let consent = consent.unwrap_or(None);
        let external_id = check.check(
            Field::ExternalId.as_str(),
            parse::optional_text(&cell(Field::ExternalId), 100),
        );
        let new = new_contact_form(&form, consent);
        let valid = validate(&new, &self.country, check)?;
        Some(ContactRow {
            form,
            consent,
            valid,
            external_id: external_id?,
        })
    }

    fn company(&self, row: &Row, check: &mut FieldCheck) -> Option<CompanyRow> {
        let cell = |field| self.cell(row, field).to_owned();
        let owner = self.owner(&cell(Field::OwnerId), check);
        let form = CompanyForm {
            name: cell(Field::Name),
            website: cell(Field::Website),
            email: cell(Field::Email),
            phone: cell(Field::Phone),
            city: cell(Field::City),
            country: cell(Field::Country),
            industry: cell(Field::Industry),
            owner_id: owner.map(|id| id.to_string()).unwrap_or_default(),
        };
        let external_id = check.check(
            Field::ExternalId.as_str(),
            parse::optional_text(&cell(Field::ExternalId), 100),
        );
        let valid = companies::validate(&form, &self.country, check);
        Some(CompanyRow {
            valid: valid?,
            external_id: external_id?,
        })
    }

    fn order(&self, row: &Row, check: &mut FieldCheck) -> Option<OrderRow> {
        let cell = |field| self.cell(row, field);
        // The form reads ISO days in the user's zone: other ways of writing them are read
        // here first; a day that cannot be read is passed on as written, to be refused there.
        let written = cell(Field::OrderedOn);
        let ordered_on = clean::date::day(written, self.options.day_order).map_or_else(
            |_| written.to_owned(),
            |day| day.format("%Y-%m-%d").to_string(),
        );
        let status = match cell(Field::Status).trim() {
            // A sales export without statuses lists sales that happened.
            "" => OrderStatus::Paid.as_str().to_owned(),
            written => labelled::<OrderStatus>(written, Messages::order_status),
        };
        let currency = match cell(Field::Currency).trim() {
            "" => self.currency.clone(),
            written => written.to_uppercase(),
        };
        let form = OrderForm {
            number: cell(Field::Number).to_owned(),
            external_id: cell(Field::ExternalId).to_owned(),
            ordered_on,
            amount: cell(Field::Amount).to_owned(),
            currency,
            status,
            note: cell(Field::Note).to_owned(),
            ..OrderForm::default()
        };
        let order = check_order(&form, self.zone, check);
        // A shop's export numbers every order: a row without one is a broken row, not an
        // order to number here, or importing the file again would add it twice.
        let number = order.as_ref().and_then(|o| o.number.clone());
        if order.is_some() && number.is_none() {
            check.refuse(Field::Number.as_str(), Invalid::Required);
        }
        let customer_id = check.check(
            Field::CustomerId.as_str(),
            parse::optional_text(cell(Field::CustomerId), 100),
        );
        let email = check.check(
            Field::Email.as_str(),
            optional(cell(Field::Email), Email::parse),
        );
        let phone = check.check(
            Field::Phone.as_str(),
            optional(cell(Field::Phone), |p| Phone::parse(p, &self.country)),
        );
        let (customer_id, email, phone) = (customer_id?, email?, phone?);
        if customer_id.is_none() && email.is_none() && phone.is_none() {
            check.refuse(Field::CustomerId.as_str(), Invalid::Required);
            return None;
        }
        Some(OrderRow {
            number: number?,
            order: order?,
            customer_id,
            email,
            phone,
        })
    }
}

/// The row as a new contact's form: a stage and a source unless the row gave them.
fn new_contact_form(form: &ContactForm, consent: Option<bool>) -> ContactForm {
    let or = |value: &str, default: &str| {
        if value.trim().is_empty() {
            default.to_owned()
        } else {
            value.to_owned()
        }
    };
    ContactForm {
        lifecycle: or(&form.lifecycle, Lifecycle::Lead.as_str()),
        source: or(&form.source, Source::Import.as_str()),
        marketing_consent: consent.unwrap_or(false).then(|| "on".to_owned()),
        ..form.clone()
    }
}

/// A value of a closed set written by its stored name or its label in either language
/// (`customer`, `Customer`, `客户`); anything else is passed on as written, to be refused by
/// the form's own check.
fn labelled<T: TextCode>(value: &str, label: fn(&Messages, T) -> &'static str) -> String {
    let value = value.trim();
    let lower = value.to_lowercase();
    T::ALL
        .iter()
        .copied()
        .find(|item| {
            item.as_str() == lower
                || Locale::ALL
                    .iter()
                    .any(|locale| label(locale.messages(), *item).to_lowercase() == lower)
        })
        .map_or_else(|| value.to_owned(), |item| item.as_str().to_owned())
}

/// A consent cell: yes, no, or nothing said.
fn yes_or_no(value: &str) -> Result<Option<bool>, Invalid> {
    match value.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "是" | "同意" | "已同意" | "订阅" => {
            Ok(Some(true))
        }
        "no" | "n" | "false" | "0" | "否" | "不同意" | "未同意" | "退订" => {
            Ok(Some(false))
        }
        _ => Err(Invalid::Choice),
    }
}
