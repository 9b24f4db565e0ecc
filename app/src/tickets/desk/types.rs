//! What crosses the wire about the desk's settings, and how spans of hours and times of day
//! are written on its screen.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::tickets::sla::DAY_MINUTES;
use crate::tickets::types::Priority;

/// The longest target the screen takes: a thousand business hours is half a year.
pub const MAX_TARGET_MINUTES: i64 = 1000 * 60;

/// The desk's settings as its screen shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskSettings {
    /// Monday first.
    pub days: [bool; 7],
    /// `09:00`, as a time field takes it.
    pub opens: String,
    pub closes: String,
    /// The desk's own time zone; none when it keeps the workspace's.
    pub time_zone: Option<String>,
    pub workspace_zone: String,
    /// One per priority, most urgent first.
    pub targets: Vec<TargetHours>,
    pub holidays: Vec<Holiday>,
    pub version: i32,
    /// Whether the reader may change them.
    pub can_edit: bool,
}

/// One priority's targets, in business hours as written (`0.5`, `4`, `1:40`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetHours {
    pub priority: Priority,
    pub first_response: String,
    pub resolve: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: String,
}

/// The desk's hours and targets as their form posts them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskForm {
    pub version: i32,
    /// The working days, `0` for Monday to `6` for Sunday.
    #[serde(default)]
    pub days: Vec<String>,
    pub opens: String,
    pub closes: String,
    /// Empty for the workspace's time zone.
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub targets: Vec<TargetForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetForm {
    pub priority: String,
    pub first_response: String,
    pub resolve: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HolidayForm {
    pub day: String,
    #[serde(default)]
    pub name: String,
}

/// A span of business time as the screen writes it: whole hours (`4`), quarter hours and the
/// like as decimals (`0.5`), anything else as hours and minutes (`1:40`).
pub fn hours_text(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else if minutes * 100 % 60 == 0 {
        let hundredths = minutes * 100 / 60;
        let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        text.trim_end_matches('0').to_owned()
    } else {
        format!("{}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Reads a span of hours as [`hours_text`] writes it, into whole minutes: from one minute to
/// [`MAX_TARGET_MINUTES`]. A span that is not a whole number of minutes is refused, never
/// rounded.
pub fn parse_hours(text: &str) -> Result<i64, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    let minutes = if let Some((h, m)) = text.split_once(':') {
        if !digits(h) || m.len() != 2 || !digits(m) {
            return Err(Invalid::Duration);
        }
        let (h, m): (i64, i64) = (
            h.parse().map_err(|_| Invalid::Duration)?,
            m.parse().map_err(|_| Invalid::Duration)?,
        );
        if m >= 60 {
            return Err(Invalid::Duration);
        }
        h * 60 + m
    } else {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let whole = if whole.is_empty() { "0" } else { whole };
        if !digits(whole) || fraction.len() > 4 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::Duration);
        }
        let scale = 10_i64.pow(fraction.len() as u32);
        let fraction: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| Invalid::Duration)?
        };
        let whole: i64 = whole.parse().map_err(|_| Invalid::Duration)?;
        let scaled = (whole * scale + fraction) * 60;
        if scaled % scale != 0 {
            return Err(Invalid::Duration);
        }
        scaled / scale
    };
    if (1..=MAX_TARGET_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(Invalid::Duration)
    }
}

/// A time of day as a time field writes it (`09:00`), in minutes after midnight.
pub fn time_text(minute: u32) -> String {
    let minute = minute % DAY_MINUTES;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Reads a time field's `HH:MM` (seconds, which some browsers add, must be zero).
pub fn parse_time(text: &str) -> Result<u32, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    let time = chrono::NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| Invalid::Choice)?;
    use chrono::Timelike;
    if time.second() != 0 {
        return Err(Invalid::Choice);
    }
    Ok(time.hour() * 60 + time.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_hours_read_back_as_they_are_written() {
        for minutes in [1, 6, 15, 30, 45, 60, 100, 240, 1620, 2700, 59_999, 60_000] {
            assert_eq!(parse_hours(&hours_text(minutes)), Ok(minutes), "{minutes}");
        }
        assert_eq!(hours_text(30), "0.5");
        assert_eq!(hours_text(15), "0.25");
        assert_eq!(hours_text(6), "0.1");
        assert_eq!(hours_text(1620), "27");
        assert_eq!(hours_text(100), "1:40");
        assert_eq!(parse_hours(" 4 "), Ok(240));
        assert_eq!(parse_hours(".5"), Ok(30));
        assert_eq!(parse_hours("1:05"), Ok(65));
    }

    #[test]
    fn spans_that_are_not_whole_minutes_or_out_of_range_are_refused() {
        assert_eq!(parse_hours(""), Err(Invalid::Required));
        for bad in [
            "0", "0.001", "0.01", "1:60", "1:5", "-1", "4h", "abc", "1.2.3", "1000.01", "1e3",
        ] {
            assert_eq!(parse_hours(bad), Err(Invalid::Duration), "{bad}");
        }
    }

    #[test]
    fn times_of_day_are_read_from_time_fields() {
        assert_eq!(parse_time("09:00"), Ok(540));
        assert_eq!(parse_time("18:30:00"), Ok(1110));
        assert_eq!(parse_time("00:00"), Ok(0));
        assert_eq!(time_text(540), "09:00");
        assert_eq!(time_text(DAY_MINUTES), "00:00");
        assert_eq!(parse_time("25:00"), Err(Invalid::Choice));
        assert_eq!(parse_time(""), Err(Invalid::Required));
    }
}
