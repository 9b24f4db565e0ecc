//! The values a workspace picks from, with their names in every language.
//! Codes are ISO 3166 (countries), IANA (time zones) and ISO 4217 (currencies).

use super::Locale;

/// A value with its English and Chinese names.
pub struct Choice {
    pub code: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Choice {
    pub fn name(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::ZhCn => self.zh,
        }
    }
}

const fn c(code: &'static str, en: &'static str, zh: &'static str) -> Choice {
    Choice { code, en, zh }
}

pub const COUNTRIES: &[Choice] = &[
    c("CN", "China (mainland)", "中国大陆"),
    c("HK", "Hong Kong", "中国香港"),
    c("MO", "Macao", "中国澳门"),
    c("TW", "Taiwan", "中国台湾"),
    c("SG", "Singapore", "新加坡"),
    c("MY", "Malaysia", "马来西亚"),
    c("JP", "Japan", "日本"),
    c("KR", "South Korea", "韩国"),
    c("AU", "Australia", "澳大利亚"),
    c("GB", "United Kingdom", "英国"),
    c("DE", "Germany", "德国"),
    c("FR", "France", "法国"),
    c("US", "United States", "美国"),
    c("CA", "Canada", "加拿大"),
];

/// Must match the zones compiled in (`CHRONO_TZ_TIMEZONE_FILTER` in `.cargo/config.toml`).
pub const TIME_ZONES: &[Choice] = &[
    c(
        "Asia/Shanghai",
        "Beijing, Shanghai (UTC+8)",
        "北京、上海 (UTC+8)",
    ),
    c("Asia/Hong_Kong", "Hong Kong (UTC+8)", "香港 (UTC+8)"),
    c("Asia/Taipei", "Taipei (UTC+8)", "台北 (UTC+8)"),
    c(
        "Asia/Singapore",
        "Singapore, Kuala Lumpur (UTC+8)",
        "新加坡、吉隆坡 (UTC+8)",
    ),
    c("Asia/Tokyo", "Tokyo, Seoul (UTC+9)", "东京、首尔 (UTC+9)"),
    c("Australia/Sydney", "Sydney", "悉尼"),
    c("Europe/London", "London", "伦敦"),
    c("Europe/Berlin", "Berlin, Paris", "柏林、巴黎"),
    c("America/New_York", "New York, Toronto", "纽约、多伦多"),
    c("America/Chicago", "Chicago", "芝加哥"),
    c(
        "America/Los_Angeles",
        "Los Angeles, Vancouver",
        "洛杉矶、温哥华",
    ),
    c("UTC", "Coordinated Universal Time", "协调世界时"),
];

pub const CURRENCIES: &[Choice] = &[
    c("CNY", "Chinese yuan (CNY)", "人民币 (CNY)"),
    c("HKD", "Hong Kong dollar (HKD)", "港元 (HKD)"),
    c("TWD", "New Taiwan dollar (TWD)", "新台币 (TWD)"),
    c("SGD", "Singapore dollar (SGD)", "新加坡元 (SGD)"),
    c("MYR", "Malaysian ringgit (MYR)", "马来西亚林吉特 (MYR)"),
    c("JPY", "Japanese yen (JPY)", "日元 (JPY)"),
    c("KRW", "South Korean won (KRW)", "韩元 (KRW)"),
    c("AUD", "Australian dollar (AUD)", "澳元 (AUD)"),
    c("GBP", "Pound sterling (GBP)", "英镑 (GBP)"),
    c("EUR", "Euro (EUR)", "欧元 (EUR)"),
    c("USD", "US dollar (USD)", "美元 (USD)"),
    c("CAD", "Canadian dollar (CAD)", "加元 (CAD)"),
];

/// The options of a choice list as (value, name in the reader's language).
pub fn options(choices: &[Choice], locale: Locale) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|c| (c.code.to_owned(), c.name(locale).to_owned()))
        .collect()
}

/// The languages, each named in itself.
pub fn locale_options() -> Vec<(String, String)> {
    Locale::ALL
        .into_iter()
        .map(|l| (l.tag().to_owned(), l.own_name().to_owned()))
        .collect()
}

pub fn is_one_of(choices: &[Choice], code: &str) -> bool {
    choices.iter().any(|choice| choice.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_is_named_in_every_language() {
        for choice in COUNTRIES.iter().chain(TIME_ZONES).chain(CURRENCIES) {
            for locale in Locale::ALL {
                assert!(
                    !choice.name(locale).trim().is_empty(),
                    "{} in {locale:?}",
                    choice.code
                );
            }
        }
    }

    #[test]
    fn every_time_zone_is_compiled_in() {
        for zone in TIME_ZONES {
            assert!(
                zone.code.parse::<chrono_tz::Tz>().is_ok(),
                "{} is filtered out",
                zone.code
            );
        }
    }
}
