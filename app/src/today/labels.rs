//! The words Today and its daily email share.

use chrono::{DateTime, Utc};

use crate::deals::types::{Card, Stage, days_in_stage};
use crate::i18n::{Messages, fill};

/// Where a stalled deal sits, and for how long: "Lead in · 12 d".
pub fn in_stage(t: &Messages, stages: &[Stage], deal: &Card, now: DateTime<Utc>) -> String {
    let stage = stages
        .iter()
        .find(|s| s.id == deal.stage_id)
        .map_or("", |s| t.preset(&s.name));
    let days = days_in_stage(deal.stage_entered_at, now).to_string();
    fill(t.today_in_stage, &[("stage", stage), ("days", &days)])
}
