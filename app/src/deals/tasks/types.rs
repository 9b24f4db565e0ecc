use chrono::{DateTime, Days, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: Uuid,
    pub title: String,
    pub due_at: DateTime<Utc>,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub deal_id: Option<Uuid>,
    pub deal_title: Option<String>,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub done: bool,
    pub version: i32,
}

/// A new task as its form posts it; `due` is a local time (`2026-12-02T15:00`) in the
/// user's time zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskForm {
    pub title: String,
    pub due: String,
    #[serde(default)]
    pub assignee_id: String,
    #[serde(default)]
    pub deal_id: Option<Uuid>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    /// Made by a device that added the task offline; the server makes one otherwise.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// The user's open tasks, as "my tasks" groups them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskGroups {
    pub overdue: Vec<Task>,
    pub today: Vec<Task>,
    pub upcoming: Vec<Task>,
}

impl TaskGroups {
    /// Open tasks, in due order, into their groups for someone in `zone` at `now`.
    pub fn of(tasks: Vec<Task>, now: DateTime<Utc>, zone: Tz) -> Self {
        let mut groups = TaskGroups::default();
        for task in tasks {
            match when(task.due_at, now, zone) {
                When::Overdue => groups.overdue.push(task),
                When::Today => groups.today.push(task),
                When::Upcoming => groups.upcoming.push(task),
            }
        }
        groups
    }
}

/// Where a task falls for someone in `zone` at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Overdue,
    Today,
    Upcoming,
}

pub fn when(due: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> When {
    if due < now {
        When::Overdue
    } else if due.with_timezone(&zone).date_naive() == now.with_timezone(&zone).date_naive() {
        When::Today
    } else {
        When::Upcoming
    }
}

/// Where "Tomorrow" moves a task: the same time of day, a day after today or after the day it
/// was due, whichever is later, so that snoozing never brings a task closer.
pub fn snoozed(due: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let local = due.with_timezone(&zone);
    let day = local
        .date_naive()
        .max(now.with_timezone(&zone).date_naive())
        + Days::new(1);
    zone.from_local_datetime(&day.and_time(local.time()))
        .earliest()
        .map_or(due + Days::new(1), |at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn today_is_the_users_day_not_the_servers() {
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        // 23:00 UTC on Dec 1 is 07:00 on Dec 2 in Shanghai.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap();
        let at = |d, h| Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        assert_eq!(when(at(1, 22), now, shanghai), When::Overdue);
        // 15:00 UTC Dec 2 is 23:00 Dec 2 in Shanghai: still today there.
        assert_eq!(when(at(2, 15), now, shanghai), When::Today);
        // 16:00 UTC Dec 2 is midnight Dec 3 in Shanghai.
        assert_eq!(when(at(2, 16), now, shanghai), When::Upcoming);
        assert_eq!(when(at(2, 15), now, Tz::UTC), When::Upcoming);
    }

    #[test]
    fn a_snoozed_task_keeps_its_hour_on_the_users_next_day() {
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        // 07:00 on Dec 2 in Shanghai.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap();
        let at = |d, h| Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        // Days overdue, due at 10:00 there: 10:00 on Dec 3.
        let long_ago = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        assert_eq!(snoozed(long_ago, now, shanghai), at(3, 2));
        // Due at 23:00 on Dec 2 there (15:00 UTC): 23:00 on Dec 3.
        assert_eq!(snoozed(at(2, 15), now, shanghai), at(3, 15));
        // Due next week: a day later still, not tomorrow.
        assert_eq!(snoozed(at(9, 2), now, shanghai), at(10, 2));
    }
}
