//! Text, emails, phone numbers and passwords as people type them.

use serde::{Deserialize, Serialize};

use crate::Invalid;

/// Trims and collapses runs of whitespace; `Required` when nothing is left.
pub fn text(value: &str, max: usize) -> Result<String, Invalid> {
    let cleaned = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        Err(Invalid::Required)
    } else if cleaned.chars().count() > max {
        Err(Invalid::TooLong { max })
    } else {
        Ok(cleaned)
    }
}

/// Like [`text`], but an empty value is `None`.
pub fn optional_text(value: &str, max: usize) -> Result<Option<String>, Invalid> {
    match text(value, max) {
        Err(Invalid::Required) => Ok(None),
        other => other.map(Some),
    }
}

/// Several lines as written (a note, an email body): line breaks kept, `\r\n` made `\n`, the
/// whole trimmed; `None` when empty.
pub fn optional_long_text(value: &str, max: usize) -> Result<Option<String>, Invalid> {
    let cleaned = value.replace("\r\n", "\n");
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        Ok(None)
    } else if cleaned.chars().count() > max {
        Err(Invalid::TooLong { max })
    } else {
        Ok(Some(cleaned.to_owned()))
    }
}

/// An email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    /// Accepts `local@domain.tld` without spaces; deliverability is for the mail server to judge.
    pub fn parse(value: &str) -> Result<Email, Invalid> {
        let email = value.trim().to_lowercase();
        if email.is_empty() {
            return Err(Invalid::Required);
        }
        if email.chars().count() > Email::MAX {
            return Err(Invalid::TooLong { max: Email::MAX });
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(Invalid::Email);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        let chars_ok = !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',');
        if local.is_empty() || local.contains('@') || !domain_ok || !chars_ok {
            return Err(Invalid::Email);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A phone number in E.164 form (`+8613800138000`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// Reads a number as people write it (`138 0013 8000`, `(010) 6552-9988`, `+65 6123 4567`,
    /// `0044 20 7946 0000`); numbers without a country code take `country`'s.
    pub fn parse(value: &str, country: &str) -> Result<Phone, Invalid> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(Invalid::Required);
        }
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()/".contains(c))
        {
            return Err(Invalid::Phone);
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let international = if trimmed.starts_with('+') {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else {
            let code = calling_code(country).ok_or(Invalid::Phone)?;
            match digits.strip_prefix('0') {
                // A trunk prefix, dropped when dialling from abroad (010 → +86 10).
                Some(national) if code != "1" => format!("{code}{national}"),
                _ if code == "1" && digits.len() == 11 && digits.starts_with('1') => digits,
                _ => format!("{code}{digits}"),
            }
        };
        if !(8..=15).contains(&international.len()) || international.starts_with('0') {
            return Err(Invalid::Phone);
        }
        Ok(Phone(format!("+{international}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The international calling code of a country Banyan offers.
fn calling_code(country: &str) -> Option<&'static str> {
    Some(match country {
        "CN" => "86",
        "HK" => "852",
        "MO" => "853",
        "TW" => "886",
        "SG" => "65",
        "MY" => "60",
        "JP" => "81",
        "KR" => "82",
        "AU" => "61",
        "GB" => "44",
        "DE" => "49",
        "FR" => "33",
        "US" | "CA" => "1",
        _ => return None,
    })
}

/// A new password: long enough to resist guessing, short enough to hash quickly.
pub fn new_password(value: &str) -> Result<String, Invalid> {
    const MIN: usize = 8;
    const MAX: usize = 128;
    let length = value.chars().count();
    if length == 0 {
        Err(Invalid::Required)
    } else if length < MIN {
        Err(Invalid::TooShort { min: MIN })
    } else if length > MAX {
        Err(Invalid::TooLong { max: MAX })
    } else {
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_collapsed() {
        assert_eq!(text("  张   伟 ", 10), Ok("张 伟".to_owned()));
        assert_eq!(text(" \t ", 10), Err(Invalid::Required));
        assert_eq!(text("榕树榕树榕树", 5), Err(Invalid::TooLong { max: 5 }));
        assert_eq!(optional_text("  ", 5), Ok(None));
    }

    #[test]
    fn emails_are_normalized_or_refused() {
        assert_eq!(
            Email::parse(" Li.Na@Example.CN ").unwrap().as_str(),
            "li.na@example.cn"
        );
        for bad in [
            "li.na",
            "li na@example.cn",
            "@example.cn",
            "li@example",
            "li@.cn",
            "a@b..cn",
        ] {
            assert_eq!(Email::parse(bad), Err(Invalid::Email), "{bad}");
        }
        assert_eq!(Email::parse(""), Err(Invalid::Required));
    }

    #[test]
    fn phones_become_e164() {
        let cases = [
            ("138 0013 8000", "CN", "+8613800138000"),
            ("(010) 6552-9988", "CN", "+861065529988"),
            ("+65 6123 4567", "CN", "+6561234567"),
            ("0044 20 7946 0000", "CN", "+442079460000"),
            ("(415) 555-0100", "US", "+14155550100"),
            ("1 415 555 0100", "US", "+14155550100"),
            ("6123 4567", "SG", "+6561234567"),
        ];
        for (written, country, e164) in cases {
            assert_eq!(
                Phone::parse(written, country).unwrap().as_str(),
                e164,
                "{written}"
            );
        }
        for bad in ["12", "call me", "+0 123 456 789", "138001380001234567"] {
            assert_eq!(Phone::parse(bad, "CN"), Err(Invalid::Phone), "{bad}");
        }
        assert_eq!(Phone::parse(" ", "CN"), Err(Invalid::Required));
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        assert_eq!(new_password("short"), Err(Invalid::TooShort { min: 8 }));
        assert!(new_password("long enough").is_ok());
        assert_eq!(new_password(""), Err(Invalid::Required));
    }

    proptest::proptest! {
        #[test]
        fn cleaning_twice_changes_nothing(value in "\\PC{0,40}", country in "CN|US|SG|GB|XX") {
            if let Ok(once) = text(&value, 30) {
                proptest::prop_assert_eq!(text(&once, 30), Ok(once.clone()));
            }
            if let Ok(email) = Email::parse(&value) {
                proptest::prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
            if let Ok(phone) = Phone::parse(&value, &country) {
                proptest::prop_assert_eq!(Phone::parse(phone.as_str(), &country), Ok(phone.clone()));
            }
        }

        #[test]
        fn phones_as_people_write_them_never_panic(value in "[0-9 +()./-]{0,24}") {
            if let Ok(phone) = Phone::parse(&value, "CN") {
                proptest::prop_assert!(phone.as_str().starts_with('+'));
                proptest::prop_assert!(phone.as_str()[1..].chars().all(|c| c.is_ascii_digit()));
            }
        }
    }
}
