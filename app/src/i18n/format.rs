//! Dates and numbers as each language writes them, in the reader's time zone.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::Locale;
use clean::money::{Money, exponent};

/// A moment in the reader's time zone: `Nov 5, 2026 14:30` or `2026年11月5日 14:30`.
pub fn datetime(at: DateTime<Utc>, time_zone: &str, locale: Locale) -> String {
    let zone: Tz = time_zone.parse().unwrap_or(Tz::UTC);
    let local = at.with_timezone(&zone);
    match locale {
        Locale::En => local.format("%b %-d, %Y %H:%M").to_string(),
        Locale::ZhCn => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
    }
}

/// A time as a `datetime-local` input holds it, in the reader's time zone.
pub fn datetime_input(at: DateTime<Utc>, time_zone: &str) -> String {
    let zone: Tz = time_zone.parse().unwrap_or(Tz::UTC);
    at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// The day of a moment in the reader's time zone: `Nov 5, 2026` or `2026年11月5日`.
pub fn date(at: DateTime<Utc>, time_zone: &str, locale: Locale) -> String {
    let zone: Tz = time_zone.parse().unwrap_or(Tz::UTC);
    day(at.with_timezone(&zone).date_naive(), locale)
}

/// A calendar day, such as an expected close, in the same words as [`date`].
pub fn day(day: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => day.format("%b %-d, %Y").to_string(),
        Locale::ZhCn => day.format("%Y年%-m月%-d日").to_string(),
    }
}

/// A moment as a list's row shows it, as short as its distance from `now` allows, in the
/// long forms' words: `14:30` on its day, `Nov 5` or `11月5日` within its year, the date
/// before that.
pub fn when(at: DateTime<Utc>, now: DateTime<Utc>, time_zone: &str, locale: Locale) -> String {
    let zone: Tz = time_zone.parse().unwrap_or(Tz::UTC);
    let (local, today) = (at.with_timezone(&zone), now.with_timezone(&zone));
    if local.date_naive() == today.date_naive() {
        return local.format("%H:%M").to_string();
    }
    if local.year() != today.year() {
        return date(at, time_zone, locale);
    }
    match locale {
        Locale::En => local.format("%b %-d").to_string(),
        Locale::ZhCn => local.format("%-m月%-d日").to_string(),
    }
}

/// An amount as the reader's language writes it: `CN¥1,234.50` in English and `¥1,234.50` in
/// Chinese for yuan, `$12.00` and `US$12.00` for US dollars.
pub fn money(money: &Money, locale: Locale) -> String {
    let digits = exponent(&money.currency);
    let unit = 10_u64.pow(digits);
    let abs = money.minor.unsigned_abs();
    let whole = (abs / unit).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if digits > 0 {
        grouped.push_str(&format!(".{:0width$}", abs % unit, width = digits as usize));
    }
    let sign = if money.minor < 0 { "-" } else { "" };
    format!("{sign}{}{grouped}", symbol(&money.currency, locale))
}

/// An amount as the edit form shows it: digits and a decimal point, no symbol.
pub fn plain_amount(minor: i64, currency: &str) -> String {
    let digits = exponent(currency);
    let unit = 10_i64.pow(digits);
    if digits == 0 {
        minor.to_string()
    } else {
        format!(
            "{}.{:0width$}",
            minor / unit,
            minor % unit,
            width = digits as usize
        )
    }
}

/// [`money`] for many amounts of one currency, such as a report's.
pub fn amounts(currency: String, locale: Locale) -> impl Fn(i64) -> String + Clone + 'static {
    move |minor| {
        money(
            &Money {
                minor,
                currency: currency.clone(),
            },
            locale,
        )
    }
}

/// The symbol each language puts before an amount (CLDR's short forms).
fn symbol(currency: &str, locale: Locale) -> String {
    let (en, zh) = match currency {
        "CNY" => ("CN¥", "¥"),
        "HKD" => ("HK$", "HK$"),
        "TWD" => ("NT$", "NT$"),
        "JPY" => ("¥", "JP¥"),
        "KRW" => ("₩", "￦"),
        "AUD" => ("A$", "AU$"),
        "GBP" => ("£", "£"),
        "EUR" => ("€", "€"),
        "USD" => ("$", "US$"),
        "CAD" => ("CA$", "CA$"),
        other => return format!("{other} "),
    };
    match locale {
        Locale::En => en,
        Locale::ZhCn => zh,
    }
    .to_owned()
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
        assert_eq!(date(at, "Asia/Shanghai", Locale::ZhCn), "2026年11月5日");
        assert_eq!(date(at, "America/Los_Angeles", Locale::En), "Nov 4, 2026");
        let close = NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
        assert_eq!(day(close, Locale::En), "Dec 20, 2026");
        assert_eq!(day(close, Locale::ZhCn), "2026年12月20日");
    }

    #[test]
    fn a_rows_moment_is_as_short_as_its_distance_allows() {
        let at = Utc.with_ymd_and_hms(2026, 11, 5, 6, 30, 0).unwrap();
        let shanghai = |now, locale| when(at, now, "Asia/Shanghai", locale);
        let later_that_day = Utc.with_ymd_and_hms(2026, 11, 5, 15, 0, 0).unwrap();
        assert_eq!(shanghai(later_that_day, Locale::En), "14:30");
        // 16:30 UTC is past midnight in Shanghai.
        let next_day = Utc.with_ymd_and_hms(2026, 11, 5, 16, 30, 0).unwrap();
        assert_eq!(shanghai(next_day, Locale::En), "Nov 5");
        assert_eq!(shanghai(next_day, Locale::ZhCn), "11月5日");
        let next_year = Utc.with_ymd_and_hms(2027, 1, 2, 0, 0, 0).unwrap();
        assert_eq!(shanghai(next_year, Locale::ZhCn), "2026年11月5日");
        assert_eq!(shanghai(next_year, Locale::En), "Nov 5, 2026");
    }

    #[test]
    fn writes_money_as_each_language_does() {
        let m = |minor, currency: &str| Money {
            minor,
            currency: currency.into(),
        };
        assert_eq!(money(&m(123_450, "CNY"), Locale::ZhCn), "¥1,234.50");
        assert_eq!(money(&m(123_450, "CNY"), Locale::En), "CN¥1,234.50");
        assert_eq!(money(&m(1_200, "USD"), Locale::En), "$12.00");
        assert_eq!(money(&m(1_200, "USD"), Locale::ZhCn), "US$12.00");
        assert_eq!(money(&m(1_234_567, "JPY"), Locale::En), "¥1,234,567");
        assert_eq!(money(&m(-5, "EUR"), Locale::En), "-€0.05");
        assert_eq!(
            money(&m(100_000_000, "SGD"), Locale::En),
            "SGD 1,000,000.00"
        );
        assert_eq!(money(&m(0, "CNY"), Locale::ZhCn), "¥0.00");
    }

    #[test]
    fn money_written_is_money_read() {
        for minor in [0, 7, 99, 100, 123_456_789, -4_200] {
            for currency in ["CNY", "USD", "JPY", "EUR", "HKD"] {
                let written = money(
                    &Money {
                        minor,
                        currency: currency.into(),
                    },
                    Locale::ZhCn,
                );
                let read = clean::money::parse(&written, currency).map(|m| m.minor);
                assert_eq!(read, Ok(minor), "{written}");
            }
        }
    }
}
