//! Money: an integer number of minor units and an ISO 4217 currency, never a float; and the
//! one reader of amounts as people write them, for forms and imports alike.

use serde::{Deserialize, Serialize};

use crate::Invalid;

/// An amount in a currency: 123450 minor units of CNY is ¥1,234.50.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

/// Digits after the decimal point: yen and won have none.
pub fn exponent(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" => 0,
        _ => 2,
    }
}

/// What people write around amounts, and the currency each one names. Longer markers come
/// first, so that `US$` is not read as `$`.
const MARKERS: &[(&str, &str)] = &[
    ("人民币", "CNY"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("CN¥", "CNY"),
    ("元", "CNY"),
    ("￥", "CNY"),
    ("HK$", "HKD"),
    ("HKD", "HKD"),
    ("港币", "HKD"),
    ("NT$", "TWD"),
    ("TWD", "TWD"),
    ("S$", "SGD"),
    ("SGD", "SGD"),
    ("MYR", "MYR"),
    ("RM", "MYR"),
    ("JP¥", "JPY"),
    ("JPY", "JPY"),
    ("日元", "JPY"),
    ("KRW", "KRW"),
    ("₩", "KRW"),
    ("￦", "KRW"),
    ("A$", "AUD"),
    ("AUD", "AUD"),
    ("GBP", "GBP"),
    ("£", "GBP"),
    ("EUR", "EUR"),
    ("€", "EUR"),
    ("US$", "USD"),
    ("USD", "USD"),
    ("美元", "USD"),
    ("CA$", "CAD"),
    ("CAD", "CAD"),
];

const DOLLARS: &[&str] = &["HKD", "TWD", "SGD", "AUD", "CAD", "USD"];

/// Reads an amount as people write it: `¥1,234.50`, `1234.5元`, `$1,234`, `1.5万`, `-20`,
/// `1.234,50`. The amount is in `expected` unless it names another currency, which is refused
/// rather than taken for `expected`; more decimals than the currency has are refused too,
/// never rounded. A bare `¥` is yen where yen are expected and yuan elsewhere; a bare `$` is
/// the expected dollar, else the US dollar.
pub fn parse(text: &str, expected: &str) -> Result<Money, Invalid> {
    let compact: String = text.split_whitespace().collect();
    if compact.is_empty() {
        return Err(Invalid::Required);
    }
    let (minus, rest) = sign(&compact);
    let (rest, named) = strip_marker(rest, expected);
    let (minus_inside, rest) = sign(rest);
    let currency = named.unwrap_or(expected);
    if currency != expected || (minus && minus_inside) {
        return Err(if currency != expected {
            Invalid::Currency
        } else {
            Invalid::Amount
        });
    }
    let (rest, scale) = match rest.strip_suffix('万') {
        Some(rest) => (rest, 4),
        None => (rest, 0),
    };
    let (whole, fraction) = split_decimal(rest).ok_or(Invalid::Amount)?;
    // Written with `digits` decimals, the number is its own count of minor units.
    let digits = (exponent(currency) + scale) as usize;
    if fraction.len() > digits || (whole.is_empty() && fraction.is_empty()) {
        return Err(Invalid::Amount);
    }
    let minor = format!("{whole}{fraction:0<digits$}");
    let minor: i64 = minor
        .trim_start_matches('0')
        .parse()
        .or_else(|_| minor.chars().all(|c| c == '0').then_some(0).ok_or(()))
        .map_err(|()| Invalid::Amount)?;
    Ok(Money {
        minor: if minus || minus_inside { -minor } else { minor },
        currency: currency.to_owned(),
    })
}

fn sign(text: &str) -> (bool, &str) {
    match text.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// Takes a currency marker off either end of `text`, with the currency it names.
fn strip_marker<'a>(text: &'a str, expected: &str) -> (&'a str, Option<&'static str>) {
    let off = |marker: &str| {
        text.strip_prefix(marker)
            .or_else(|| text.strip_suffix(marker))
    };
    if let Some((rest, currency)) = MARKERS
        .iter()
        .find_map(|(marker, currency)| off(marker).map(|rest| (rest, *currency)))
    {
        return (rest, Some(currency));
    }
    if let Some(rest) = off("¥") {
        return (rest, Some(if expected == "JPY" { "JPY" } else { "CNY" }));
    }
    if let Some(rest) = off("$") {
        let dollar = DOLLARS.iter().find(|d| **d == expected).unwrap_or(&"USD");
        return (rest, Some(dollar));
    }
    (text, None)
}

/// The whole and fraction digits of `1,234.50`, `1.234,50`, `1234,5` or `1234`; `None` for
/// anything else. With both `.` and `,` the last one marks the decimals; a lone `.` does too;
/// a lone `,` does unless exactly three digits follow it (then it groups thousands), and
/// several of the same mark group thousands.
fn split_decimal(number: &str) -> Option<(String, String)> {
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (dots, commas) = (number.matches('.').count(), number.matches(',').count());
    let last = |mark: char| number.rfind(mark);
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (1, 0) => last('.'),
        (0, 1) if number.len() - last(',')? - 1 != 3 => last(','),
        (0, _) => None,
        _ => last('.').max(last(',')),
    };
    let (whole, fraction) = match decimal {
        Some(at) => (&number[..at], &number[at + 1..]),
        None => (number, ""),
    };
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let grouped = groups.len() == 1
        || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
    let one_grouping_mark = !(whole.contains('.') && whole.contains(','));
    (grouped && one_grouping_mark).then(|| (groups.concat(), fraction.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minor(text: &str, expected: &str) -> Result<i64, Invalid> {
        parse(text, expected).map(|money| money.minor)
    }

    #[test]
    fn reads_amounts_as_people_write_them() {
        assert_eq!(minor("¥1,234.50", "CNY"), Ok(123_450));
        assert_eq!(minor("1234.5元", "CNY"), Ok(123_450));
        assert_eq!(minor(" 1 234 ", "CNY"), Ok(123_400));
        assert_eq!(minor("$1,234", "USD"), Ok(123_400));
        assert_eq!(minor("1.5万", "CNY"), Ok(1_500_000));
        assert_eq!(minor("￥1.5万", "CNY"), Ok(1_500_000));
        assert_eq!(minor("1.234,50 €", "EUR"), Ok(123_450));
        assert_eq!(minor("1234,5", "EUR"), Ok(123_450));
        assert_eq!(minor("-¥20", "CNY"), Ok(-2_000));
        assert_eq!(minor("¥-20", "CNY"), Ok(-2_000));
        assert_eq!(minor("RMB 88", "CNY"), Ok(8_800));
        assert_eq!(minor("¥1,500", "JPY"), Ok(1_500));
        assert_eq!(minor("HK$12.30", "HKD"), Ok(1_230));
        assert_eq!(minor("$12.30", "HKD"), Ok(1_230), "the expected dollar");
        assert_eq!(minor("0", "CNY"), Ok(0));
        assert_eq!(minor(".5", "CNY"), Ok(50));
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        assert_eq!(minor("", "CNY"), Err(Invalid::Required));
        assert_eq!(minor("$5", "CNY"), Err(Invalid::Currency));
        assert_eq!(minor("¥5", "USD"), Err(Invalid::Currency));
        assert_eq!(
            minor("1.234", "CNY"),
            Err(Invalid::Amount),
            "three decimals of yuan"
        );
        assert_eq!(
            minor("1.5", "JPY"),
            Err(Invalid::Amount),
            "yen have no decimals"
        );
        assert_eq!(minor("12,34,56", "CNY"), Err(Invalid::Amount));
        assert_eq!(minor("1.2.3,4,5", "CNY"), Err(Invalid::Amount));
        assert_eq!(minor("about 5", "CNY"), Err(Invalid::Amount));
        assert_eq!(minor("--5", "CNY"), Err(Invalid::Amount));
        assert_eq!(minor("99999999999999999999", "CNY"), Err(Invalid::Amount));
        assert_eq!(minor("¥", "CNY"), Err(Invalid::Amount));
    }

    #[test]
    fn never_panics_and_reads_its_own_plain_form_back() {
        let pieces = [
            "1", "0", ",", ".", "-", "¥", "$", "万", "元", " ", "€", "9", "123", "a",
        ];
        let mut seed = 7u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(seed % 7) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            if let Ok(money) = parse(&text, "CNY") {
                let plain = format!("{}.{:02}", money.minor / 100, (money.minor % 100).abs());
                let plain = if money.minor < 0 && money.minor > -100 {
                    format!("-{plain}")
                } else {
                    plain
                };
                assert_eq!(parse(&plain, "CNY"), Ok(money), "{text:?} → {plain}");
            }
        }
    }
}
