//! The words for a contact's lifecycle stage and source, their history and orders, and the
//! import's kinds, statuses and fields.

use crate::core::code::TextCode;
use crate::customers::history::types::{Direction, InteractionKind, OrderStatus};
use crate::customers::import::types::{Field, ImportKind, ImportStatus};
use crate::customers::types::{Lifecycle, Source};
use crate::error::FieldErrors;
use crate::i18n::Messages;

impl Messages {
    pub fn lifecycle(&self, stage: Lifecycle) -> &'static str {
        match stage {
            Lifecycle::Lead => self.lifecycle_lead,
            Lifecycle::Prospect => self.lifecycle_prospect,
            Lifecycle::Customer => self.lifecycle_customer,
            Lifecycle::Churned => self.lifecycle_churned,
        }
    }

    pub fn source(&self, source: Source) -> &'static str {
        match source {
            Source::Web => self.source_web,
            Source::Social => self.source_social,
            Source::Email => self.source_email,
            Source::Phone => self.source_phone,
            Source::Referral => self.source_referral,
            Source::Import => self.source_import,
            Source::Other => self.source_other,
        }
    }

    pub fn import_kind(&self, kind: ImportKind) -> &'static str {
        match kind {
            ImportKind::Contacts => self.import_kind_contacts,
            ImportKind::Companies => self.import_kind_companies,
            ImportKind::Orders => self.import_kind_orders,
        }
    }

    pub fn import_status(&self, status: ImportStatus) -> &'static str {
        match status {
            ImportStatus::Draft => self.import_status_draft,
            ImportStatus::Queued => self.import_status_queued,
            ImportStatus::Running => self.import_status_running,
            ImportStatus::Done => self.import_status_done,
            ImportStatus::Failed => self.import_status_failed,
        }
    }

    /// The label of a field a column can fill.
    pub fn import_field(&self, field: Field) -> &'static str {
        match field {
            Field::Name => self.field_name,
            Field::GivenName => self.field_given_name,
            Field::FamilyName => self.field_family_name,
            Field::Email => self.field_email,
            Field::Phone => self.field_phone,
            Field::WechatId => self.field_wechat,
            Field::City => self.field_city,
            Field::Company => self.field_company,
            Field::Lifecycle => self.field_lifecycle,
            Field::Source => self.field_source,
            Field::Tags => self.field_tags,
            Field::MarketingConsent => self.field_marketing_consent,
            Field::OwnerId => self.field_owner,
            Field::ExternalId => self.field_external_id,
            Field::CustomerId => self.field_customer_id,
            Field::Website => self.field_website,
            Field::Country => self.field_country,
            Field::Industry => self.field_industry,
            Field::Number => self.field_order_number,
            Field::OrderedOn => self.field_order_date,
            Field::Amount => self.field_amount,
            Field::Currency => self.field_currency,
            Field::Status => self.field_status,
            Field::Note => self.field_note,
        }
    }

    /// What is wrong with a row, field by field: `Email: This is not an email address.`
    pub fn row_reasons(&self, reasons: &FieldErrors) -> String {
        reasons
            .iter()
            .map(|(field, whys)| {
                let label = Field::parse(field).map_or(field.as_str(), |f| self.import_field(f));
                let whys: Vec<String> = whys.iter().map(|why| self.invalid(why)).collect();
                format!("{label}: {}", whys.join(" "))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn interaction(&self, kind: InteractionKind) -> &'static str {
        match kind {
            InteractionKind::Call => self.interaction_call,
            InteractionKind::Email => self.interaction_email,
            InteractionKind::Meeting => self.interaction_meeting,
            InteractionKind::Note => self.interaction_note,
            InteractionKind::Sms => self.interaction_sms,
        }
    }

    pub fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::Inbound => self.direction_inbound,
            Direction::Outbound => self.direction_outbound,
        }
    }

    pub fn order_status(&self, status: OrderStatus) -> &'static str {
        match status {
            OrderStatus::Pending => self.order_pending,
            OrderStatus::Paid => self.order_paid,
            OrderStatus::Fulfilled => self.order_fulfilled,
            OrderStatus::Cancelled => self.order_cancelled,
            OrderStatus::Refunded => self.order_refunded,
        }
    }
}
