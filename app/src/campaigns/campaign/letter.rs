//! A campaign's mail for one reader: merge fields filled in (escaped in the HTML), and the
//! unsubscribe link added at the end wherever the writer did not place it.

use crate::core::template::{escape_html, fill};

/// The merge fields a campaign may use, for the help under the editor.
pub const MERGE_FIELDS: &[&str] = &[
    "{{first_name}}",
    "{{name}}",
    "{{company}}",
    "{{owner_name}}",
    "{{unsubscribe_url}}",
];

const UNSUBSCRIBE: &str = "unsubscribe_url";

/// Who a mail is for, and the link that takes them off the list.
pub struct Reader<'a> {
    pub name: &'a str,
    pub given_name: Option<&'a str>,
    pub company: Option<&'a str>,
    /// The contact's owner, who signs; the workspace's name when nobody owns them.
    pub owner_name: &'a str,
    pub unsubscribe_url: &'a str,
}

impl Reader<'_> {
    fn value(&self, key: &str) -> Option<String> {
        let value = match key {
            "first_name" => self.given_name.unwrap_or(self.name),
            "name" => self.name,
            "company" => self.company.unwrap_or_default(),
            "owner_name" => self.owner_name,
            UNSUBSCRIBE => self.unsubscribe_url,
            _ => return None,
        };
        Some(value.to_owned())
    }
}

/// One reader's mail. `html` is empty for a plain-text campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The merge fields the templates use that this reader has nothing for ("Dear Emily at ."),
    /// for the preview to point out.
    pub empty_fields: Vec<&'static str>,
}

fn names_unsubscribe(template: &str) -> bool {
    template.replace(' ', "").contains("{{unsubscribe_url}}")
}

/// The mail a campaign's templates make for `reader`; `unsubscribe` labels the link added
/// when a template has none, in the workspace's language.
pub fn write(subject: &str, html: &str, text: &str, reader: &Reader, unsubscribe: &str) -> Letter {
    let value = |key: &str| reader.value(key);
    let empty_fields = MERGE_FIELDS
        .iter()
        .copied()
        .filter(|field| {
            let used = [subject, html, text]
                .iter()
                .any(|t| t.replace(' ', "").contains(field));
            let key = field.trim_matches(['{', '}']);
            used && value(key).is_some_and(|v| v.trim().is_empty())
        })
        .collect();
    // A line break in a merged value would end the header early.
    let subject = fill(subject, value).replace(['\r', '\n'], " ");
    let mut text_out = fill(text, value);
    if !names_unsubscribe(text) {
        text_out.push_str(&format!(
            "\n\n-- \n{unsubscribe}: {}",
            reader.unsubscribe_url
        ));
    }
    let mut html_out = String::new();
    if !html.trim().is_empty() {
        html_out = fill(html, |key| value(key).map(|v| escape_html(&v)));
        if !names_unsubscribe(html) {
            html_out.push_str(&format!(
                r#"<p style="font-size:12px;color:#666"><a href="{}">{}</a></p>"#,
                escape_html(reader.unsubscribe_url),
                escape_html(unsubscribe)
            ));
        }
    }
    Letter {
        subject,
        html: html_out,
        text: text_out,
        empty_fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader() -> Reader<'static> {
        Reader {
            name: "王芳",
            given_name: None,
            company: Some("<Acme & Sons>"),
            owner_name: "李娜",
            unsubscribe_url: "https://crm.example.cn/unsubscribe?t=a.b",
        }
    }

    #[test]
    fn merge_fields_are_filled_and_escaped_in_html_only() {
        let letter = write(
            "{{first_name}}, news\r\nBcc: x@y.z",
            "<p>Dear {{ first_name }} of {{company}}</p><a href=\"{{unsubscribe_url}}\">stop</a>",
            "Dear {{first_name}} of {{company}}\n{{owner_name}}",
            &reader(),
            "Unsubscribe",
        );
        assert_eq!(letter.subject, "王芳, news  Bcc: x@y.z");
        assert_eq!(
            letter.html,
            "<p>Dear 王芳 of &lt;Acme &amp; Sons&gt;</p>\
             <a href=\"https://crm.example.cn/unsubscribe?t=a.b\">stop</a>"
        );
        assert!(letter.text.starts_with("Dear 王芳 of <Acme & Sons>\n李娜"));
        assert!(letter.empty_fields.is_empty());
        assert!(
            letter
                .text
                .ends_with("Unsubscribe: https://crm.example.cn/unsubscribe?t=a.b"),
            "the text named no link, so one is added: {}",
            letter.text
        );
    }

    #[test]
    fn a_given_name_is_used_and_a_missing_link_is_added_to_the_html() {
        let reader = Reader {
            given_name: Some("Emily"),
            ..reader()
        };
        let letter = write(
            "Hi",
            "<p>Hi {{first_name}}</p>",
            "{{unsubscribe_url}}",
            &reader,
            "退订",
        );
        assert!(letter.html.starts_with("<p>Hi Emily</p>"));
        assert!(letter.html.contains(">退订</a>"));
        assert_eq!(letter.text, reader.unsubscribe_url, "named once, not added");
        assert_eq!(write("Hi", " ", "x", &reader, "退订").html, "", "text only");
        let alone = Reader {
            company: None,
            ..reader
        };
        let letter = write("Hi", "", "Dear {{ name }} of {{ company }}", &alone, "退订");
        assert_eq!(letter.empty_fields, ["{{company}}"]);
    }
}
