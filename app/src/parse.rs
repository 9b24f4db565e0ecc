//! Values from forms and files, turned into types that can only hold valid data.

use serde::{Deserialize, Serialize};

use crate::error::Invalid;

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
    fn passwords_have_a_minimum_length() {
        assert_eq!(new_password("short"), Err(Invalid::TooShort { min: 8 }));
        assert!(new_password("long enough").is_ok());
        assert_eq!(new_password(""), Err(Invalid::Required));
    }
}
