//! The words for why two contacts look alike.

use crate::duplicates::types::Reason;
use crate::i18n::Messages;

impl Messages {
    pub fn duplicate_reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::SameEmail => self.reason_same_email,
            Reason::SamePhone => self.reason_same_phone,
            Reason::NameAtCompany => self.reason_name_at_company,
            Reason::NameInCity => self.reason_name_in_city,
        }
    }
}
