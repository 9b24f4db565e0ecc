//! Service-level targets in business time: when a ticket is due, given the desk's working
//! days, hours, holidays and time zone, and how much of that time a period used. Pure, so that
//! the browser counts down with the same rules the server filed the ticket by.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::types::Priority;

/// How far ahead a target is looked for: a desk closed for longer than this has no target.
const HORIZON_DAYS: u32 = 3 * 366;

/// Minutes in a day: a desk that closes at the day's end closes at this minute.
pub const DAY_MINUTES: u32 = 24 * 60;

/// When the desk works.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    pub zone: Tz,
    /// Monday first.
    pub days: [bool; 7],
    /// Minutes after midnight, local time.
    pub opens: u32,
    /// Minutes after midnight, up to [`DAY_MINUTES`] for a desk that works until midnight.
    pub closes: u32,
    pub holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Monday to Friday, 09:00 to 18:00, no holidays: what a small business starts with.
    pub fn office_hours(zone: Tz) -> Self {
        Calendar {
            zone,
            days: [true, true, true, true, true, false, false],
            opens: 9 * 60,
            closes: 18 * 60,
            holidays: BTreeSet::new(),
        }
    }

    fn works_on(&self, day: NaiveDate) -> bool {
        self.days[day.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&day)
    }

    /// The working hours of `day` in UTC, if the desk works that day.
    fn window(&self, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.works_on(day) || self.closes <= self.opens {
            return None;
        }
        let at = |minute: u32| {
            let local = day.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(minute));
            self.zone
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        };
        Some((at(self.opens)?, at(self.closes)?))
    }

    fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The moment `minutes` of business time after `from`; `None` when the desk never works.
    pub fn add(&self, from: DateTime<Utc>, minutes: i64) -> Option<DateTime<Utc>> {
        let mut left = chrono::TimeDelta::minutes(minutes.max(0));
        let mut day = self.local_day(from);
        for _ in 0..HORIZON_DAYS {
            if let Some((opens, closes)) = self.window(day) {
                let start = opens.max(from);
                if start < closes {
                    let open_for = closes - start;
                    if left <= open_for {
                        return Some(start + left);
                    }
                    left -= open_for;
                }
            }
            day = day.checked_add_days(Days::new(1))?;
        }
        None
    }

    /// Business minutes from `from` to `to`; nothing when `to` is not later.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let mut total = 0;
        let mut day = self.local_day(from);
        let last = self.local_day(to);
        while day <= last {
            if let Some((opens, closes)) = self.window(day) {
                let (start, end) = (opens.max(from), closes.min(to));
                if start < end {
                    total += (end - start).num_minutes();
                }
            }
            let Some(next) = day.checked_add_days(Days::new(1)) else {
                break;
            };
            day = next;
        }
        total
    }
}

/// The targets of one priority, in business minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub priority: Priority,
    pub first_response: i64,
    pub resolve: i64,
}

/// The targets Banyan starts with: an urgent ticket is answered within half an hour and
/// solved within four; a low one within a working day and a week.
pub const DEFAULT_TARGETS: [Target; 4] = [
    Target {
        priority: Priority::Urgent,
        first_response: 30,
        resolve: 4 * 60,
    },
    Target {
        priority: Priority::High,
        first_response: 60,
        resolve: 9 * 60,
    },
    Target {
        priority: Priority::Normal,
        first_response: 4 * 60,
        resolve: 3 * 9 * 60,
    },
    Target {
        priority: Priority::Low,
        first_response: 9 * 60,
        resolve: 5 * 9 * 60,
    },
];

/// Banyan's target for `priority`.
pub fn default_target(priority: Priority) -> Target {
    DEFAULT_TARGETS
        .into_iter()
        .find(|t| t.priority == priority)
        .unwrap_or(DEFAULT_TARGETS[2])
}

/// Everything a ticket's clock depends on: the desk's calendar and its targets.
#[derive(Clone, Debug, PartialEq)]
pub struct Desk {
    pub calendar: Calendar,
    /// One per priority.
    pub targets: Vec<Target>,
}

impl Desk {
    /// Office hours in `zone` with Banyan's targets: a desk nobody has set up yet.
    pub fn standard(zone: Tz) -> Self {
        Desk {
            calendar: Calendar::office_hours(zone),
            targets: DEFAULT_TARGETS.to_vec(),
        }
    }

    /// The targets of `priority`; Banyan's when the desk has none for it.
    pub fn target(&self, priority: Priority) -> Target {
        self.targets
            .iter()
            .copied()
            .find(|t| t.priority == priority)
            .unwrap_or_else(|| default_target(priority))
    }

    /// The due times of a ticket of `priority`.
    pub fn clock(&self, priority: Priority, started: Started) -> Clock {
        clock(&self.calendar, self.target(priority), started)
    }
}

/// The share of a target left at which a ticket is at risk.
pub const AT_RISK_PERCENT: i64 = 20;

/// Where a ticket's clock stands: the target it runs against, when that falls due, and when
/// the ticket becomes at risk of missing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolve_due: Option<DateTime<Utc>>,
    /// The target running now: none once solved or while waiting on the customer.
    pub due: Option<DateTime<Utc>>,
    pub risk: Option<DateTime<Utc>>,
}

/// What a clock is computed from.
#[derive(Clone, Copy, Debug)]
pub struct Started {
    pub created: DateTime<Utc>,
    /// Business minutes spent waiting on the customer, which do not count.
    pub paused: i64,
    pub responded: bool,
    /// Solved, closed or pending: no target runs.
    pub stopped: bool,
}

/// The due times of a ticket under `target`.
pub fn clock(calendar: &Calendar, target: Target, started: Started) -> Clock {
    let at = |minutes: i64| calendar.add(started.created, minutes + started.paused);
    let first_response_due = at(target.first_response);
    let resolve_due = at(target.resolve);
    let running = (!started.stopped).then_some(if started.responded {
        (resolve_due, target.resolve)
    } else {
        (first_response_due, target.first_response)
    });
    let (due, risk) = match running {
        Some((due, minutes)) => (due, at(minutes - minutes * AT_RISK_PERCENT / 100)),
        None => (None, None),
    };
    Clock {
        first_response_due,
        resolve_due,
        due,
        risk,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn shanghai() -> Calendar {
        Calendar::office_hours(chrono_tz::Asia::Shanghai)
    }

    /// A time on the wall in Shanghai, in UTC.
    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn business_time_skips_nights_and_weekends() {
        let cal = shanghai();
        // Friday 4 December 2026, 17:00: one hour left that day, then Monday morning.
        assert_eq!(cal.add(at(4, 17, 0), 30), Some(at(4, 17, 30)));
        assert_eq!(cal.add(at(4, 17, 0), 90), Some(at(7, 9, 30)));
        // A ticket that arrives on Saturday waits for Monday 09:00.
        assert_eq!(cal.add(at(5, 11, 0), 0), Some(at(7, 9, 0)));
        assert_eq!(cal.add(at(5, 11, 0), 9 * 60), Some(at(7, 18, 0)));
        // Before opening counts from opening.
        assert_eq!(cal.add(at(7, 6, 0), 60), Some(at(7, 10, 0)));
        assert_eq!(cal.between(at(4, 17, 0), at(7, 9, 30)), 90);
        assert_eq!(cal.between(at(5, 0, 0), at(6, 23, 0)), 0);
        assert_eq!(cal.between(at(7, 12, 0), at(7, 11, 0)), 0);
    }

    #[test]
    fn holidays_are_not_working_days() {
        let mut cal = shanghai();
        cal.holidays
            .insert(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert_eq!(cal.add(at(4, 17, 0), 90), Some(at(8, 9, 30)));
        assert_eq!(cal.between(at(4, 9, 0), at(8, 18, 0)), 2 * 9 * 60);
    }

    #[test]
    fn a_desk_that_never_works_has_no_due_time() {
        let mut cal = shanghai();
        cal.days = [false; 7];
        assert_eq!(cal.add(at(4, 10, 0), 30), None);
        assert_eq!(cal.between(at(4, 10, 0), at(9, 10, 0)), 0);
    }

    #[test]
    fn the_clock_runs_against_the_first_response_then_the_resolution_and_pauses() {
        let cal = shanghai();
        let normal = DEFAULT_TARGETS[2];
        // Thursday 3 December, 16:00; first response within 4 business hours.
        let created = at(3, 16, 0);
        let fresh = Started {
            created,
            paused: 0,
            responded: false,
            stopped: false,
        };
        let clock1 = clock(&cal, normal, fresh);
        assert_eq!(clock1.first_response_due, Some(at(4, 11, 0)));
        assert_eq!(clock1.due, clock1.first_response_due);
        // At risk once 80% of the 240 minutes (192) are used: Friday 10:12.
        assert_eq!(clock1.risk, Some(at(4, 10, 12)));
        // 27 business hours to solve: Thursday 2 h, Friday 9 h, Monday 9 h, Tuesday 7 h.
        assert_eq!(clock1.resolve_due, Some(at(8, 16, 0)));

        // Answered, then waiting on the customer from Friday 09:00 to Monday 12:00: no target
        // runs meanwhile, and the 12 business hours waited move the resolution on.
        let waiting = Started {
            responded: true,
            stopped: true,
            ..fresh
        };
        assert_eq!(clock(&cal, normal, waiting).due, None);
        let paused = cal.between(at(4, 9, 0), at(7, 12, 0));
        assert_eq!(paused, 9 * 60 + 3 * 60);
        let back = clock(
            &cal,
            normal,
            Started {
                paused,
                stopped: false,
                ..waiting
            },
        );
        assert_eq!(back.due, back.resolve_due);
        assert_eq!(back.resolve_due, Some(at(10, 10, 0)));
    }

    #[test]
    fn a_later_target_is_never_due_sooner() {
        let cal = shanghai();
        let start = at(3, 8, 17);
        let mut last = start;
        for minutes in (0..3000).step_by(37) {
            let due = cal.add(start, minutes).unwrap();
            assert!(due >= last);
            assert_eq!(cal.between(start, due), minutes);
            last = due;
        }
    }
}
