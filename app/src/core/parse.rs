//! Values from forms and files, turned into types that can only hold valid data: the pure
//! rules live in the `clean` crate, the ones that need a time zone here.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
pub use clean::text::{Email, Phone, new_password, optional_long_text, optional_text, text};

use crate::error::Invalid;

/// `2026-11-25T14:30` in `zone`; a time that does not exist there (a DST gap) is refused. A
/// time that names its offset (`2026-11-25T14:30:00+08:00`, as programs send it) is what it
/// says, wherever the user is.
pub fn local_datetime(value: &str, zone: Tz) -> Result<DateTime<Utc>, Invalid> {
    if let Ok(at) = DateTime::parse_from_rfc3339(value.trim()) {
        return Ok(at.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| Invalid::Date)?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or(Invalid::Date)
}

/// The start of the day `2026-11-25` in `zone`.
pub fn local_day(value: &str, zone: Tz) -> Result<DateTime<Utc>, Invalid> {
    let day = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| Invalid::Date)?;
    day_start(day, zone)
}

/// When `day` begins in `zone` (a day that begins in a DST gap begins when the gap ends).
pub fn day_start(day: NaiveDate, zone: Tz) -> Result<DateTime<Utc>, Invalid> {
    (0..3)
        .find_map(|hour| {
            zone.from_local_datetime(&day.and_hms_opt(hour, 0, 0)?)
                .earliest()
        })
        .map(|at| at.with_timezone(&Utc))
        .ok_or(Invalid::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_times_in_the_users_zone() {
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        assert_eq!(
            local_datetime("2026-11-25T14:30", shanghai),
            Ok(Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).unwrap())
        );
        assert_eq!(
            local_day("2026-11-25", shanghai),
            Ok(Utc.with_ymd_and_hms(2026, 11, 24, 16, 0, 0).unwrap())
        );
        let new_york: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            local_datetime("2026-03-08T02:30", new_york),
            Err(Invalid::Date),
            "DST gap"
        );
        assert_eq!(local_day("25/11/2026", shanghai), Err(Invalid::Date));
        assert_eq!(
            local_datetime("2026-11-25T14:30:00+01:00", shanghai),
            Ok(Utc.with_ymd_and_hms(2026, 11, 25, 13, 30, 0).unwrap()),
            "an offset named is the one meant"
        );
    }
}
