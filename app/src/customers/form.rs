//! A contact's form as the server and a device working offline both read it: every field
//! checked, what is wrong with each said at once.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::types::{ContactForm, Lifecycle, Source};
use crate::core::code::choice;
use crate::core::parse::{self, Email, Phone};
use crate::error::{FieldCheck, Invalid};

/// At most this many tags on one contact.
const MAX_TAGS: usize = 20;

/// A contact form that passed every check.
pub struct Valid {
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub wechat_id: Option<String>,
    pub city: Option<String>,
    pub company: Option<String>,
    pub source: Source,
    pub lifecycle: Lifecycle,
    pub owner_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub marketing_consent: bool,
}

/// A field that may be left empty: `None` then, else the value `parse` reads.
pub fn optional<T>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, Invalid>,
) -> Result<Option<T>, Invalid> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse(value).map(Some)
    }
}

/// Tags as typed: separated by commas (`,` or `，`), trimmed, each kept once.
pub fn tags(value: &str) -> Result<Vec<String>, Invalid> {
    let mut seen = BTreeSet::new();
    for tag in value.split([',', '，']) {
        if let Ok(tag) = parse::text(tag, 40) {
            seen.insert(tag);
        } else if !tag.trim().is_empty() {
            return Err(Invalid::TooLong { max: 40 });
        }
    }
    if seen.len() > MAX_TAGS {
        return Err(Invalid::TooLong { max: MAX_TAGS });
    }
    Ok(seen.into_iter().collect())
}

pub fn validate(form: &ContactForm, country: &str, check: &mut FieldCheck) -> Option<Valid> {
    let name = check.check("name", parse::text(&form.name, 200));
    let given_name = check.check("given_name", parse::optional_text(&form.given_name, 100));
    let family_name = check.check("family_name", parse::optional_text(&form.family_name, 100));
    let email = check.check("email", optional(&form.email, Email::parse));
    let phone = check.check("phone", optional(&form.phone, |p| Phone::parse(p, country)));
    let wechat_id = check.check("wechat_id", parse::optional_text(&form.wechat_id, 64));
    let city = check.check("city", parse::optional_text(&form.city, 100));
    let company = check.check("company", parse::optional_text(&form.company, 200));
    let source = check.check("source", choice::<Source>(&form.source));
    let lifecycle = check.check("lifecycle", choice::<Lifecycle>(&form.lifecycle));
    let owner_id = check.check(
        "owner_id",
        optional(&form.owner_id, |id| {
            Uuid::parse_str(id.trim()).map_err(|_| Invalid::Choice)
        }),
    );
    let tags = check.check("tags", tags(&form.tags));
    Some(Valid {
        name: name?,
        given_name: given_name?,
        family_name: family_name?,
        email: email?,
        phone: phone?,
        wechat_id: wechat_id?,
        city: city?,
        company: company?,
        source: source?,
        lifecycle: lifecycle?,
        owner_id: owner_id?,
        tags: tags?,
        marketing_consent: form.marketing_consent.is_some(),
    })
}
