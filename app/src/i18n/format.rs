//! Dates and numbers as each language writes them, in the reader's time zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Locale;

/// A moment in the reader's time zone: `Nov 5, 2026 14:30` or `2026年11月5日 14:30`.
pub fn datetime(at: DateTime<Utc>, time_zone: &str, locale: Locale) -> String {
    let zone: Tz = time_zone.parse().unwrap_or(Tz::UTC);
    let local = at.with_timezone(&zone);
    match locale {
        Locale::En => local.format("%b %-d, %Y %H:%M").to_string(),
        Locale::ZhCn => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn shows_the_time_in_the_readers_zone_and_language() {
        let at = Utc.with_ymd_and_hms(2026, 11, 5, 6, 30, 0).unwrap();
        assert_eq!(
            datetime(at, "Asia/Shanghai", Locale::ZhCn),
            "2026年11月5日 14:30"
        );
        assert_eq!(
            datetime(at, "America/New_York", Locale::En),
            "Nov 5, 2026 01:30"
        );
        assert_eq!(datetime(at, "Not/AZone", Locale::En), "Nov 5, 2026 06:30");
    }
}
