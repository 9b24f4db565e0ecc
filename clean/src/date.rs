//! Days as spreadsheets and people write them.

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::Invalid;

/// How to read `05/03/2024`: the file's author knows, Banyan does not, so the user says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    /// 05/03/2024 is 5 March (most of the world).
    #[default]
    DayFirst,
    /// 05/03/2024 is May 3 (the United States).
    MonthFirst,
}

/// Excel counts days from 1899-12-30 (a date chosen so that its 1900 leap-year bug cancels
/// out after February 1900). Only serials between 1950 and 2100 are read as dates: a bare
/// `2024` is more likely a year than 16 July 1905.
const EXCEL_EPOCH: (i32, u32, u32) = (1899, 12, 30);
const EXCEL_SERIALS: std::ops::RangeInclusive<i64> = 18_264..=73_415;

/// Reads `2024-03-05`, `2024/3/5`, `2024.03.05`, `2024年3月5日`, `05/03/2024` (in `order`)
/// and Excel serial numbers (`45356`), each optionally followed by a time of day, which is
/// ignored. Two-digit years and anything else are refused rather than guessed.
pub fn day(value: &str, order: DayOrder) -> Result<NaiveDate, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::Required);
    }
    let date = without_time(value);
    if let Some(serial) = excel_serial(date) {
        return serial;
    }
    let parts = numbers(date).ok_or(Invalid::Date)?;
    let [a, b, c] = parts;
    let (year, month, day) = if a.1 == 4 {
        (a.0, b.0, c.0)
    } else if c.1 == 4 {
        match order {
            DayOrder::DayFirst => (c.0, b.0, a.0),
            DayOrder::MonthFirst => (c.0, a.0, b.0),
        }
    } else {
        return Err(Invalid::Date);
    };
    let year = i32::try_from(year).map_err(|_| Invalid::Date)?;
    let (month, day) = (
        u32::try_from(month).map_err(|_| Invalid::Date)?,
        u32::try_from(day).map_err(|_| Invalid::Date)?,
    );
    NaiveDate::from_ymd_opt(year, month, day)
        .filter(|d| (1900..=2200).contains(&d.year()))
        .ok_or(Invalid::Date)
}

/// `2024-03-05 14:30:00` and `2024-03-05T14:30` without their time.
fn without_time(value: &str) -> &str {
    let cut = value
        .find(['T', ' '])
        .filter(|&at| is_time(value[at + 1..].trim()));
    match cut {
        Some(at) => value[..at].trim_end(),
        None => value,
    }
}

fn is_time(text: &str) -> bool {
    let text = text.strip_suffix('Z').unwrap_or(text);
    let parts: Vec<&str> = text.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| {
            let whole = p.split('.').next().unwrap_or_default();
            (1..=2).contains(&whole.len()) && p.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
}

fn excel_serial(text: &str) -> Option<Result<NaiveDate, Invalid>> {
    let whole = text.split_once('.').map_or(text, |(whole, fraction)| {
        if fraction.chars().all(|c| c.is_ascii_digit()) {
            whole
        } else {
            ""
        }
    });
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 6 {
        return None;
    }
    let serial: i64 = whole.parse().ok()?;
    let (y, m, d) = EXCEL_EPOCH;
    Some(
        EXCEL_SERIALS
            .contains(&serial)
            .then(|| NaiveDate::from_ymd_opt(y, m, d))
            .flatten()
            .and_then(|epoch| epoch.checked_add_signed(TimeDelta::days(serial)))
            .ok_or(Invalid::Date),
    )
}

/// The three numbers of a date and how many digits each was written with. The separators
/// are one of `-`, `/`, `.` used twice, or 年 月 日.
fn numbers(text: &str) -> Option<[(u64, usize); 3]> {
    let pieces: Vec<&str> = if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        vec![year.trim(), month.trim(), day.trim()]
    } else {
        let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        text.split(separator).collect()
    };
    let [a, b, c] = pieces.as_slice() else {
        return None;
    };
    let number = |piece: &str| {
        let ok = (1..=4).contains(&piece.len()) && piece.chars().all(|c| c.is_ascii_digit());
        ok.then(|| piece.parse().ok().map(|n| (n, piece.len())))
            .flatten()
    };
    let (a, b, c) = (number(a)?, number(b)?, number(c)?);
    // Month and day take one or two digits.
    (b.1 <= 2 && (a.1 == 4 && c.1 <= 2 || a.1 <= 2 && c.1 == 4)).then_some([a, b, c])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn reads_the_common_ways_of_writing_a_day() {
        let march_5 = ymd(2024, 3, 5);
        for written in [
            "2024-03-05",
            "2024-3-5",
            "2024/03/05",
            "2024.3.5",
            "2024年3月5日",
            "2024年03月05日",
            " 2024 年 3 月 5 日 ",
            "2024-03-05 14:30:00",
            "2024-03-05T14:30",
            "05/03/2024",
            "5.3.2024",
            "45356",
            "45356.5",
        ] {
            assert_eq!(day(written, DayOrder::DayFirst), Ok(march_5), "{written}");
        }
        assert_eq!(day("03/05/2024", DayOrder::MonthFirst), Ok(march_5));
        assert_eq!(day("2024-03-05", DayOrder::MonthFirst), Ok(march_5));
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        for written in [
            "05/03/24",
            "2024-13-01",
            "2024-02-30",
            "31/12/2024 extra",
            "2024-03",
            "March 5",
            "2024",
            "12345",
            "2024-03/05",
            "-5",
            "１２",
        ] {
            assert_eq!(
                day(written, DayOrder::DayFirst),
                Err(Invalid::Date),
                "{written}"
            );
        }
        assert_eq!(
            day("13/05/2024", DayOrder::MonthFirst),
            Err(Invalid::Date),
            "month 13 in the order the user chose"
        );
        assert_eq!(day("  ", DayOrder::DayFirst), Err(Invalid::Required));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = day(&text, DayOrder::DayFirst);
            let _ = day(&text, DayOrder::MonthFirst);
        }

        #[test]
        fn reads_its_own_output_back(text in "[0-9年月日 ./:T-]{0,20}") {
            if let Ok(read) = day(&text, DayOrder::DayFirst) {
                let written = read.format("%Y-%m-%d").to_string();
                prop_assert_eq!(day(&written, DayOrder::MonthFirst), Ok(read));
            }
        }

        #[test]
        fn every_day_survives_each_format(offset in 0i64..70_000) {
            let date = ymd(1950, 1, 1) + TimeDelta::days(offset);
            for (format, order) in [
                ("%Y-%m-%d", DayOrder::DayFirst),
                ("%Y年%-m月%-d日", DayOrder::DayFirst),
                ("%d/%m/%Y", DayOrder::DayFirst),
                ("%m/%d/%Y", DayOrder::MonthFirst),
            ] {
                let written = date.format(format).to_string();
                prop_assert_eq!(day(&written, order), Ok(date), "{}", written);
            }
        }
    }
}
