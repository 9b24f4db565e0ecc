//! The campaign screens with their reports, and the public unsubscribe page.

mod campaign_form;
mod campaign_page;
mod campaigns_page;
mod preview;
mod report;
mod unsubscribe_page;

pub use campaign_page::{CampaignPage, NewCampaignPage};
pub use campaigns_page::CampaignsPage;
pub use unsubscribe_page::UnsubscribePage;

use super::types::Status;
use crate::i18n::Messages;

pub fn status_label(t: &Messages, status: Status) -> &'static str {
    match status {
        Status::Draft => t.campaign_status_draft,
        Status::Scheduled => t.campaign_status_scheduled,
        Status::Sending => t.campaign_status_sending,
        Status::Paused => t.campaign_status_paused,
        Status::Sent => t.campaign_status_sent,
        Status::Cancelled => t.campaign_status_cancelled,
    }
}
