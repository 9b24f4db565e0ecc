//! Exchange rates into the workspace's base currency, so that deals in several currencies add
//! up to one total. A rate is an integer count of billionths, as money is an integer count of
//! minor units: no float ever touches an amount.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::money::exponent;

const NANO: i128 = 1_000_000_000;

/// How many base-currency units one unit of each other currency buys, in billionths.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub base: String,
    pub per_unit_nano: BTreeMap<String, i64>,
}

/// A sum in the base currency, and the currencies that could not be counted in it for want of
/// a rate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Total {
    pub minor: i64,
    pub unconverted: Vec<String>,
}

impl Rates {
    /// `minor` units of `currency` in minor units of the base currency, rounded half away from
    /// zero; `None` when there is no rate for `currency`.
    pub fn to_base(&self, minor: i64, currency: &str) -> Option<i64> {
        if currency == self.base {
            return Some(minor);
        }
        let rate = i128::from(*self.per_unit_nano.get(currency)?);
        let scale_up = 10_i128.pow(exponent(&self.base));
        let scale_down = 10_i128.pow(exponent(currency)) * NANO;
        let product = i128::from(minor) * rate * scale_up;
        let half = scale_down / 2;
        let rounded = if product >= 0 {
            (product + half) / scale_down
        } else {
            (product - half) / scale_down
        };
        Some(i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN }))
    }

    /// `to_base`, and when there is no rate, `currency` named in `unconverted` (once).
    pub fn to_base_noting(
        &self,
        minor: i64,
        currency: &str,
        unconverted: &mut Vec<String>,
    ) -> Option<i64> {
        let converted = self.to_base(minor, currency);
        if converted.is_none() && !unconverted.iter().any(|c| c == currency) {
            unconverted.push(currency.to_owned());
        }
        converted
    }

    /// Adds amounts in any currencies into one base-currency total.
    pub fn total<'a>(&self, amounts: impl IntoIterator<Item = (i64, &'a str)>) -> Total {
        let mut total = Total::default();
        for (minor, currency) in amounts {
            if let Some(base) = self.to_base_noting(minor, currency, &mut total.unconverted) {
                total.minor = total.minor.saturating_add(base);
            }
        }
        total.unconverted.sort();
        total
    }
}

/// Reads a rate as people write it (`7.1234`, `0.0468`): positive, at most nine decimals.
pub fn parse_rate(text: &str) -> Result<i64, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 9 || whole.len() > 9 {
        return Err(Invalid::Amount);
    }
    let nano = format!("{whole}{fraction:0<9}")
        .parse::<i64>()
        .map_err(|_| Invalid::Amount)?;
    if nano == 0 {
        return Err(Invalid::Amount);
    }
    Ok(nano)
}

/// A rate as `parse_rate` reads it back: `7.1234`.
pub fn format_rate(nano: i64) -> String {
    let whole = nano / 1_000_000_000;
    let fraction = format!("{:09}", nano % 1_000_000_000);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates() -> Rates {
        Rates {
            base: "CNY".into(),
            per_unit_nano: BTreeMap::from([
                ("USD".into(), 7_100_000_000),
                ("JPY".into(), 46_800_000),
            ]),
        }
    }

    #[test]
    fn converts_between_currencies_of_different_exponents() {
        let rates = rates();
        // $100.00 at 7.1 is ¥710.00.
        assert_eq!(rates.to_base(10_000, "USD"), Some(71_000));
        // ¥10,000 (yen, no decimals) at 0.0468 is ¥468.00 (yuan, two decimals).
        assert_eq!(rates.to_base(10_000, "JPY"), Some(46_800));
        // 1 yen is 4.68 fen: rounded to 5.
        assert_eq!(rates.to_base(1, "JPY"), Some(5));
        assert_eq!(rates.to_base(-1, "JPY"), Some(-5));
        assert_eq!(rates.to_base(123, "CNY"), Some(123));
        assert_eq!(rates.to_base(100, "EUR"), None);
    }

    #[test]
    fn a_total_names_what_it_could_not_count() {
        let total = rates().total([
            (10_000, "USD"),
            (500, "CNY"),
            (7, "EUR"),
            (9, "EUR"),
            (1, "GBP"),
        ]);
        assert_eq!(total.minor, 71_500);
        assert_eq!(total.unconverted, vec!["EUR".to_owned(), "GBP".to_owned()]);
    }

    #[test]
    fn huge_amounts_saturate_instead_of_wrapping() {
        assert_eq!(rates().to_base(i64::MAX, "USD"), Some(i64::MAX));
        assert_eq!(
            rates().total([(i64::MAX, "CNY"), (1, "CNY")]).minor,
            i64::MAX
        );
    }

    #[test]
    fn rates_read_as_written() {
        assert_eq!(parse_rate("7.1"), Ok(7_100_000_000));
        assert_eq!(parse_rate(" 0.0468 "), Ok(46_800_000));
        assert_eq!(parse_rate("1"), Ok(1_000_000_000));
        assert_eq!(parse_rate(""), Err(Invalid::Required));
        for bad in ["0", "-1", "1,5", "abc", "1.0000000001", "7.1.2"] {
            assert_eq!(parse_rate(bad), Err(Invalid::Amount), "{bad}");
        }
        for nano in [7_100_000_000, 46_800_000, 1_000_000_000, 1] {
            assert_eq!(parse_rate(&format_rate(nano)), Ok(nano));
        }
        assert_eq!(format_rate(7_123_400_000), "7.1234");
    }
}
