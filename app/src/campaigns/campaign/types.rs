//! What crosses the wire about campaigns.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use clean::money::Money;

pub const MAX_NAME: usize = 120;
pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 100_000;
/// The throttle a campaign may set, in messages per minute: a small business's mail provider
/// usually allows a few hundred; a relay of its own, far more.
pub const PER_MINUTE: RangeInclusive<u32> = 1..=60_000;
pub const DEFAULT_PER_MINUTE: u32 = 120;

/// Where a campaign is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Sent,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Scheduled,
        Status::Sending,
        Status::Paused,
        Status::Sent,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Sending => "sending",
            Status::Paused => "paused",
            Status::Sent => "sent",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// A scheduled campaign goes back to draft to be edited; once sending has started the
    /// audience is frozen, so it only pauses, resumes, finishes or is cancelled.
    pub fn may_become(self, next: Status) -> bool {
        use Status::*;
        matches!(
            (self, next),
            (Draft, Scheduled)
                | (Scheduled, Draft)
                | (Scheduled, Sending)
                | (Sending, Paused)
                | (Paused, Sending)
                | (Sending, Sent)
                | (Scheduled | Sending | Paused, Cancelled)
        )
    }
}

/// Why a contact of the audience gets no mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    Unsubscribed,
    NoConsent,
    NoEmail,
}

impl Exclusion {
    pub const ALL: [Exclusion; 3] = [
        Exclusion::Unsubscribed,
        Exclusion::NoConsent,
        Exclusion::NoEmail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::Unsubscribed => "unsubscribed",
            Exclusion::NoConsent => "no_consent",
            Exclusion::NoEmail => "no_email",
        }
    }

    pub fn parse(value: &str) -> Option<Exclusion> {
        Exclusion::ALL.into_iter().find(|e| e.as_str() == value)
    }
}

/// How many of a campaign's frozen audience are where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub queued: u32,
    pub sent: u32,
    pub failed: u32,
    /// Recipients who used the campaign's unsubscribe link.
    pub unsubscribed: u32,
    pub excluded_unsubscribed: u32,
    pub excluded_no_consent: u32,
    pub excluded_no_email: u32,
}

impl Counts {
    pub fn excluded(&self) -> u32 {
        self.excluded_unsubscribed + self.excluded_no_consent + self.excluded_no_email
    }
}

/// A campaign as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: Uuid,
    pub name: String,
    pub goal: Option<String>,
    pub segment_id: Option<Uuid>,
    pub segment_name: Option<String>,
    pub subject: String,
    pub html: String,
    pub text: String,
    pub per_minute: u32,
    pub status: Status,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub counts: Counts,
    pub version: i32,
}

/// A campaign as the list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignLine {
    pub id: Uuid,
    pub name: String,
    pub segment_name: Option<String>,
    pub status: Status,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub sent: u32,
    pub audience: u32,
}

/// A draft as the editor posts it: new when `id` is empty, else an edit of `version`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub version: String,
    pub name: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub segment_id: String,
    pub subject: String,
    #[serde(default)]
    pub html: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub per_minute: String,
}

/// What the buttons of a campaign's page ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Send at the time given (in the user's time zone), or now when none is.
    Schedule,
    Unschedule,
    Pause,
    Resume,
    Cancel,
}

/// The mail one recipient gets, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub to_name: String,
    pub to_email: Option<String>,
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The merge fields this reader has nothing for, as written in the templates.
    pub empty_fields: Vec<String>,
}

/// The days after a recipient's message in which their orders and won deals count as the
/// campaign's conversions.
pub const CONVERSION_DAYS: RangeInclusive<u32> = 1..=365;
pub const DEFAULT_CONVERSION_DAYS: u32 = 30;

/// Opens and clicks in one stretch of time (an hour, or a day for a longer timeline).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    /// When it starts, in the reader's time zone: `12-04 14:00`, or `12-04` for a day.
    pub label: String,
    pub opens: u32,
    pub clicks: u32,
}

/// How often one of the campaign's links was clicked, and by how many people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkClicks {
    pub url: String,
    pub clicks: u32,
    pub people: u32,
}

/// How a campaign did: its delivery, what its readers did, and what followed within `days`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub counts: Counts,
    /// People who opened the message; a click counts as an opening too, since many mail
    /// programs show no images.
    pub opened: u32,
    pub clicked: u32,
    pub opens: u32,
    pub clicks: u32,
    /// Only an HTML message carries the image that counts openings.
    pub tracks_opens: bool,
    /// The workspace tracks campaign mail now (the owner may have turned it off).
    pub tracking: bool,
    /// Whether each moment of the timeline is an hour (else a day).
    pub hourly: bool,
    pub timeline: Vec<Moment>,
    pub links: Vec<LinkClicks>,
    pub days: u32,
    /// Recipients who placed an order or won a deal within `days` of their message.
    pub converted: u32,
    pub orders: u32,
    pub won_deals: u32,
    /// Those orders' and deals' worth, in the workspace's currency.
    pub revenue: Money,
    /// Currencies left out of `revenue` for want of an exchange rate.
    pub unconverted: Vec<String>,
    pub cost: Option<Money>,
    pub version: i32,
}

impl Report {
    /// What came back for each unit spent: (revenue − cost) / cost.
    pub fn roi(&self) -> Option<f64> {
        let cost = self.cost.as_ref().filter(|c| c.minor > 0)?;
        Some((self.revenue.minor - cost.minor) as f64 / cost.minor as f64)
    }

    /// A share of the messages delivered, in percent.
    pub fn rate(&self, of: u32) -> Option<f64> {
        (self.counts.sent > 0).then(|| f64::from(of) * 100.0 / f64::from(self.counts.sent))
    }
}

/// What the public unsubscribe page shows: whose mail, to which address, and whether it still
/// comes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub company_name: String,
    pub email: String,
    pub subscribed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_moves_through_its_life() {
        use Status::*;
        assert!(Draft.may_become(Scheduled));
        assert!(Scheduled.may_become(Draft));
        assert!(Sending.may_become(Paused) && Paused.may_become(Sending));
        assert!(Paused.may_become(Cancelled));
        assert!(!Sending.may_become(Draft), "the audience is frozen");
        assert!(!Sent.may_become(Sending));
        assert!(!Cancelled.may_become(Scheduled));
        assert!(!Draft.may_become(Sending), "only through the schedule");
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for exclusion in Exclusion::ALL {
            assert_eq!(Exclusion::parse(exclusion.as_str()), Some(exclusion));
        }
    }
}
