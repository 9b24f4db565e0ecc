use crate::core::code::TextCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a person sits on the way from first contact to customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    Lead,
    Prospect,
    Customer,
    Churned,
}

/// The channel a contact first came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Web,
    Social,
    Email,
    Phone,
    Referral,
    Import,
    Other,
}

crate::core::code::text_code!(Lifecycle {
    Lead => "lead",
    Prospect => "prospect",
    Customer => "customer",
    Churned => "churned",
});

crate::core::code::text_code!(Source {
    Web => "web",
    Social => "social",
    Email => "email",
    Phone => "phone",
    Referral => "referral",
    Import => "import",
    Other => "other",
});

/// A contact with everything the contact page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Uuid,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub wechat_id: Option<String>,
    pub city: Option<String>,
    pub company_id: Option<Uuid>,
    pub company_name: Option<String>,
    pub source: Source,
    pub lifecycle: Lifecycle,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub tags: Vec<String>,
    pub marketing_consent: bool,
    pub unsubscribed: bool,
    pub external_id: Option<String>,
    pub archived: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One line of the contacts list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub lifecycle: Lifecycle,
    pub owner_name: Option<String>,
}

/// How the list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Name,
    Newest,
}

/// What the list shows: a search, filters, live or archived contacts, an order, and where to
/// resume.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactQuery {
    pub q: String,
    pub archived: bool,
    pub sort: Sort,
    pub owner: Option<Uuid>,
    /// The people of one company.
    pub company: Option<Uuid>,
    pub lifecycle: Option<Lifecycle>,
    pub source: Option<Source>,
    pub tag: Option<String>,
    /// Created on or after this day, and on or before `created_to`, in the user's time zone.
    pub created_from: Option<NaiveDate>,
    pub created_to: Option<NaiveDate>,
    /// The members of a saved segment.
    pub segment: Option<Uuid>,
    /// The cursor of the last row of the previous page.
    pub after: Option<String>,
}

impl ContactQuery {
    /// The query a list address (`/contacts?q=…&lifecycle=customer`) describes. A value that
    /// means nothing (an unknown stage, a malformed date) is left out: the address is the
    /// user's to edit, and a filter left out shows more, never less.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let param = |name: &str| {
            param(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let day =
            |name: &str| param(name).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        ContactQuery {
            q: param("q").unwrap_or_default(),
            archived: param("archived").as_deref() == Some("true"),
            sort: match param("sort").as_deref() {
                Some("newest") => Sort::Newest,
                _ => Sort::Name,
            },
            owner: param("owner").and_then(|id| Uuid::parse_str(&id).ok()),
            company: param("company").and_then(|id| Uuid::parse_str(&id).ok()),
            lifecycle: param("lifecycle").and_then(|v| Lifecycle::parse(&v)),
            source: param("source").and_then(|v| Source::parse(&v)),
            tag: param("tag"),
            created_from: day("from"),
            created_to: day("to"),
            segment: param("segment").and_then(|id| Uuid::parse_str(&id).ok()),
            after: param("after"),
        }
    }

    /// How many filters narrow the list, for the label of the filters panel.
    pub fn filter_count(&self) -> usize {
        [
            self.owner.is_some(),
            self.company.is_some(),
            self.lifecycle.is_some(),
            self.source.is_some(),
            self.tag.is_some(),
            self.created_from.is_some() || self.created_to.is_some(),
            self.segment.is_some(),
        ]
        .into_iter()
        .filter(|on| *on)
        .count()
    }
}

/// One page of the list and the cursor of the next, if there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactPage {
    pub rows: Vec<ContactRow>,
    pub next: Option<String>,
}

/// The contact form as posted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactForm {
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub phone: String,
    pub wechat_id: String,
    pub city: String,
    pub company: String,
    pub source: String,
    pub lifecycle: String,
    pub owner_id: String,
    /// Comma-separated, as typed (Chinese commas too).
    pub tags: String,
    pub marketing_consent: Option<String>,
    /// Made by a device that added the contact offline; the server makes one otherwise.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// Someone a record can be assigned to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignee {
    pub id: Uuid,
    pub name: String,
}
