//! The words for a ticket's status, priority, channel and the inbox's views.

use crate::customers::types::Assignee;

use crate::core::code::TextCode;
use crate::i18n::Messages;
use crate::tickets::types::{Channel, Priority, Status, View};

impl Messages {
    pub fn ticket_status(&self, status: Status) -> &'static str {
        match status {
            Status::New => self.status_new,
            Status::Open => self.status_open,
            Status::Pending => self.status_pending,
            Status::Solved => self.status_solved,
            Status::Closed => self.status_closed,
        }
    }

    pub fn priority(&self, priority: Priority) -> &'static str {
        match priority {
            Priority::Low => self.priority_low,
            Priority::Normal => self.priority_normal,
            Priority::High => self.priority_high,
            Priority::Urgent => self.priority_urgent,
        }
    }

    pub fn channel(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Email => self.channel_email,
            Channel::Web => self.channel_web,
            Channel::Phone => self.channel_phone,
            Channel::Api => self.channel_api,
        }
    }

    /// The priorities as a select offers them.
    pub fn priority_options(&self) -> Vec<(String, String)> {
        Priority::ALL
            .iter()
            .map(|p| (p.as_str().to_owned(), self.priority(*p).to_owned()))
            .collect()
    }

    /// How a customer can reach the desk when an agent opens the ticket for them; the API
    /// is a door for programs, not a choice for people.
    pub fn channel_options(&self) -> Vec<(String, String)> {
        [Channel::Phone, Channel::Email, Channel::Web]
            .iter()
            .map(|c| (c.as_str().to_owned(), self.channel(*c).to_owned()))
            .collect()
    }

    /// The people a ticket can be given to as a select offers them, nobody first.
    pub fn agent_options(&self, agents: Vec<Assignee>) -> Vec<(String, String)> {
        std::iter::once((String::new(), self.nobody.to_owned()))
            .chain(agents.into_iter().map(|a| (a.id.to_string(), a.name)))
            .collect()
    }

    pub fn inbox_view(&self, view: View) -> &'static str {
        match view {
            View::Unassigned => self.view_unassigned,
            View::Mine => self.view_mine,
            View::Open => self.view_open,
            View::AtRisk => self.view_at_risk,
            View::Breached => self.view_breached,
            View::Pending => self.view_pending,
            View::Solved => self.view_solved,
            View::All => self.view_all,
        }
    }

    /// Monday first, as the desk's calendar counts.
    pub fn weekdays(&self) -> [&'static str; 7] {
        [
            self.weekday_mon,
            self.weekday_tue,
            self.weekday_wed,
            self.weekday_thu,
            self.weekday_fri,
            self.weekday_sat,
            self.weekday_sun,
        ]
    }
}
