//! Texts with placeholders such as `{{first_name}}`, filled in for one reader: canned replies
//! to a ticket, campaign mails to each recipient.

/// `text` with each `{{key}}` (spaces inside the braces allowed) replaced by `value(key)`. An
/// unknown key stays as written, so a typo shows where the text is read instead of vanishing;
/// an unclosed `{{` is kept as it is.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        match value(after[..end].trim()) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// `text` made safe to put between HTML tags or inside a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(key: &str) -> Option<String> {
        match key {
            "name" => Some("王芳".into()),
            "company" => Some("<Acme & Co>".into()),
            _ => None,
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_stay() {
        assert_eq!(
            fill("您好 {{name}}，{{ name }}!", known),
            "您好 王芳，王芳!"
        );
        assert_eq!(fill("Hi {{nmae}}", known), "Hi {{nmae}}");
        assert_eq!(fill("open {{name", known), "open {{name");
        assert_eq!(fill("{{name}}{{company}}", known), "王芳<Acme & Co>");
        assert_eq!(fill("", known), "");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            fill("<p>{{company}}</p>", |k| known(k).map(|v| escape_html(&v))),
            "<p>&lt;Acme &amp; Co&gt;</p>"
        );
        assert_eq!(escape_html(r#"a"b'c"#), "a&quot;b&#39;c");
    }
}
