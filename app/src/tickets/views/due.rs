//! Countdowns to a ticket's service-level target.

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::i18n::{Messages, fill, use_messages};
use crate::tickets::types::{Due, Standing};

/// A clock for countdowns. It starts at the server's `now`, so that the page the server
/// rendered and the page the browser hydrates say the same, then ticks in the browser.
pub fn ticking(start: DateTime<Utc>) -> Signal<DateTime<Utc>> {
    let now = RwSignal::new(start);
    // Effects run only in the browser.
    Effect::new(move |_| {
        now.set(Utc::now());
        let tick =
            set_interval_with_handle(move || now.set(Utc::now()), Duration::from_secs(30)).ok();
        on_cleanup(move || {
            if let Some(tick) = tick {
                tick.clear();
            }
        });
    });
    now.into()
}

/// A span of time as people say it: minutes, hours and minutes, or days and hours.
pub fn span(t: &Messages, minutes: i64) -> String {
    let minutes = minutes.max(1);
    let (days, hours, mins) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    let n = |v: i64| v.to_string();
    if days > 0 {
        fill(t.span_days, &[("d", &n(days)), ("h", &n(hours))])
    } else if hours > 0 {
        fill(t.span_hours, &[("h", &n(hours)), ("m", &n(mins))])
    } else {
        fill(t.span_minutes, &[("m", &n(mins))])
    }
}

/// How long until a ticket's target falls due, or how long past it; red past it, amber at
/// risk. Nothing while no target runs.
#[component]
pub fn DueBadge(due: Due, now: Signal<DateTime<Utc>>) -> impl IntoView {
    let t = use_messages();
    move || {
        let now = now.get();
        let at = due.at?;
        let left = (at - now).num_minutes();
        let (class, text) = match due.standing(now) {
            Standing::Stopped => return None,
            Standing::Breached => (
                "badge sla breached",
                fill(t.sla_overdue, &[("time", &span(t, -left))]),
            ),
            Standing::AtRisk => (
                "badge sla at-risk",
                fill(t.sla_due_in, &[("time", &span(t, left))]),
            ),
            Standing::OnTrack => ("badge sla", fill(t.sla_due_in, &[("time", &span(t, left))])),
        };
        Some(view! { <span class=class data-testid="sla-due">{text}</span> })
    }
}
