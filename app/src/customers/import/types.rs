use chrono::{DateTime, Utc};
pub use clean::date::DayOrder;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::FieldErrors;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Contacts,
    Companies,
    Orders,
}

/// What to do with a row that matches a record already there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the record as it is: importing a file twice creates nothing new.
    #[default]
    Skip,
    /// Fill the record with the row's values; empty cells change nothing.
    Update,
    /// Create another record anyway.
    Create,
}

/// How a contact row is recognised as someone already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKey {
    Email,
    /// The phone number in E.164 form, however the file wrote it.
    Phone,
    NameCompany,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Uploaded; the user is choosing columns and options.
    Draft,
    Queued,
    Running,
    Done,
    /// Stopped by an error: what was written before it stays, and the report says how much.
    Failed,
}

/// A field a column can fill. The names are those of the record's form, so that reasons
/// found by the form's own checks point at the right column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    GivenName,
    FamilyName,
    Email,
    Phone,
    WechatId,
    City,
    Company,
    Lifecycle,
    Source,
    Tags,
    MarketingConsent,
    OwnerId,
    ExternalId,
    Website,
    Country,
    Industry,
    Number,
    OrderedOn,
    Amount,
    Currency,
    Status,
    Note,
    CustomerId,
}

/// The choices made for one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The field each column fills, in the file's order; `None` leaves the column out.
    pub columns: Vec<Option<Field>>,
    pub on_duplicate: OnDuplicate,
    /// Contacts only: which keys make two contacts the same person.
    pub match_keys: Vec<MatchKey>,
    pub day_order: DayOrder,
}

/// An import as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportJob {
    pub id: Uuid,
    pub kind: ImportKind,
    pub status: ImportStatus,
    pub file_name: String,
    pub headers: Vec<String>,
    pub options: ImportOptions,
    pub total: u64,
    pub processed: u64,
    pub created: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl ImportJob {
    pub fn is_working(&self) -> bool {
        matches!(self.status, ImportStatus::Queued | ImportStatus::Running)
    }
}

/// The first rows of a file as they will be written, and every row that will be refused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// The fields the mapping fills, in the file's column order.
    pub fields: Vec<Field>,
    pub rows: Vec<PreviewRow>,
    /// Refused rows, up to a limit; `invalid` counts them all.
    pub problems: Vec<PreviewRow>,
    pub valid: u64,
    pub invalid: u64,
}

/// One row: its line in the file, its values after cleaning (per field of the preview) and
/// what is wrong with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub values: Vec<String>,
    pub reasons: FieldErrors,
}

/// A recent import, for the list on the import page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: Uuid,
    pub kind: ImportKind,
    pub status: ImportStatus,
    pub file_name: String,
    pub created: u64,
    pub updated: u64,
    pub rejected: u64,
    pub created_at: DateTime<Utc>,
}

crate::core::code::text_code!(ImportKind { Contacts => "contacts", Companies => "companies", Orders => "orders" });
crate::core::code::text_code!(OnDuplicate { Skip => "skip", Update => "update", Create => "create" });
crate::core::code::text_code!(MatchKey { Email => "email", Phone => "phone", NameCompany => "name_company" });
crate::core::code::text_code!(ImportStatus {
    Draft => "draft",
    Queued => "queued",
    Running => "running",
    Done => "done",
    Failed => "failed",
});
crate::core::code::text_code!(Field {
    Name => "name",
    GivenName => "given_name",
    FamilyName => "family_name",
    Email => "email",
    Phone => "phone",
    WechatId => "wechat_id",
    City => "city",
    Company => "company",
    Lifecycle => "lifecycle",
    Source => "source",
    Tags => "tags",
    MarketingConsent => "marketing_consent",
    OwnerId => "owner_id",
    ExternalId => "external_id",
    Website => "website",
    Country => "country",
    Industry => "industry",
    Number => "number",
    OrderedOn => "ordered_on",
    Amount => "amount",
    Currency => "currency",
    Status => "status",
    Note => "note",
    CustomerId => "customer_id",
});
