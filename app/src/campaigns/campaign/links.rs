//! The links of a campaign's mail, and its templates with each link sent through the click
//! tracker. The links are read from the templates, which no longer change once the campaign
//! is scheduled (only a draft is edited), so a campaign's `n`th link is the same when its
//! mail is made and when it is clicked: the tracker sends readers only there, never to an
//! address that a request carries.

use crate::core::template::escape_html;

/// Longer addresses are left as they are: no mail program shortens them either.
const MAX_LINK: usize = 2_000;

/// One link found in a template: where it is written, and the address it leads to.
struct Found {
    start: usize,
    end: usize,
    url: String,
}

fn is_web(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.split_once("://").is_some_and(|(_, rest)| !rest.is_empty())
        // A merge field makes each reader's address different: it cannot be one link.
        && !url.contains("{{")
        // The tracker answers with the address in a header, which takes printable ASCII only;
        // an address written otherwise is left as it is.
        && url.bytes().all(|b| b.is_ascii_graphic())
        && url.len() <= MAX_LINK
}

/// The web addresses of `href` attributes, read as a browser reads them (`&amp;` is `&`).
fn in_html(template: &str) -> Vec<Found> {
    let lower = template.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("href") {
        let mut i = from + at + 4;
        from = i;
        let skip_space = |i: &mut usize| {
            while lower
                .as_bytes()
                .get(*i)
                .is_some_and(u8::is_ascii_whitespace)
            {
                *i += 1;
            }
        };
        skip_space(&mut i);
        if lower.as_bytes().get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        skip_space(&mut i);
        let Some(&quote) = lower
            .as_bytes()
            .get(i)
            .filter(|q| matches!(q, b'"' | b'\''))
        else {
            continue;
        };
        let start = i + 1;
        let Some(len) = lower[start..].find(quote as char) else {
            break;
        };
        let end = start + len;
        let url = template[start..end].trim().replace("&amp;", "&");
        if is_web(&url) {
            found.push(Found { start, end, url });
        }
        from = end;
    }
    found
}

/// The web addresses written out in plain text; one ends at a space, a bracket or quote, any
/// letter beyond ASCII (as the "，" after it in Chinese) and any closing punctuation.
fn in_text(template: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = template[from..].find("http") {
        let start = from + at;
        let rest = &template[start..];
        let len = rest
            .find(|c: char| !c.is_ascii() || c.is_ascii_whitespace() || "<>\"'()[]{}".contains(c))
            .unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if is_web(url) {
            found.push(Found {
                start,
                end: start + url.len(),
                url: url.to_owned(),
            });
        }
        from = start + len.max(4);
    }
    found
}

fn found(template: &str, html: bool) -> Vec<Found> {
    if html {
        in_html(template)
    } else {
        in_text(template)
    }
}

/// The campaign's links, each once, in the order they first appear: the HTML's, then the
/// text's.
pub fn links(html: &str, text: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for f in found(html, true).into_iter().chain(found(text, false)) {
        if !links.contains(&f.url) {
            links.push(f.url);
        }
    }
    links
}

/// `template` (HTML when `html`) with each of `links` it holds replaced by `tracked(n)`,
/// `n` being its place among `links`.
pub fn tracked(
    template: &str,
    html: bool,
    links: &[String],
    tracked: impl Fn(usize) -> String,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut at = 0;
    for f in found(template, html) {
        let Some(n) = links.iter().position(|link| *link == f.url) else {
            continue;
        };
        out.push_str(&template[at..f.start]);
        let url = tracked(n);
        out.push_str(&if html { escape_html(&url) } else { url });
        at = f.end;
    }
    out.push_str(&template[at..]);
    out
}

/// `html` with an invisible image from `src` at the end of its body, which mail programs
/// that show images fetch when the mail is opened.
pub fn with_pixel(html: &str, src: &str) -> String {
    let pixel = format!(
        r#"<img src="{}" width="1" height="1" alt="" style="display:block;border:0">"#,
        escape_html(src)
    );
    let end = html.to_ascii_lowercase().rfind("</body>");
    match end {
        Some(i) => format!("{}{pixel}{}", &html[..i], &html[i..]),
        None => format!("{html}{pixel}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML: &str = r#"<p>See <a href="https://shop.example.cn/spring?a=1&amp;b=2">new</a>,
        <A HREF = 'http://example.com/x'>x</A>, <a href="{{unsubscribe_url}}">stop</a>,
        <a href="https://example.com/{{name}}">you</a> <a href="mailto:a@b.c">mail</a>
        <a href="https://例子.cn/页面">例子</a>
        <a href="https://shop.example.cn/spring?a=1&amp;b=2">again</a></p>"#;
    const TEXT: &str = "新品：https://shop.example.cn/spring?a=1&b=2，详见 (https://example.org/faq).\n\
                        http:// and https://example.net/a.";

    #[test]
    fn every_web_link_is_found_once_and_merge_fields_are_left_out() {
        assert_eq!(
            links(HTML, TEXT),
            [
                "https://shop.example.cn/spring?a=1&b=2",
                "http://example.com/x",
                "https://example.org/faq",
                "https://example.net/a",
            ]
        );
    }

    #[test]
    fn each_link_is_replaced_by_its_tracked_address() {
        let links = links(HTML, TEXT);
        let track = |n: usize| format!("https://crm.example.cn/mail/click?t={n}&x");
        let html = tracked(HTML, true, &links, track);
        assert_eq!(
            html.matches(r#"href="https://crm.example.cn/mail/click?t=0&amp;x""#)
                .count(),
            2
        );
        assert!(html.contains(r#"HREF = 'https://crm.example.cn/mail/click?t=1&amp;x'"#));
        assert!(html.contains(r#"href="{{unsubscribe_url}}""#), "untouched");
        assert!(html.contains(r#"href="https://example.com/{{name}}""#));
        assert!(html.contains(r#"href="mailto:a@b.c""#));
        assert!(html.contains(r#"href="https://例子.cn/页面""#));
        let text = tracked(TEXT, false, &links, track);
        assert!(text.starts_with("新品：https://crm.example.cn/mail/click?t=0&x，详见 (https://crm.example.cn/mail/click?t=2&x)."));
        assert!(text.ends_with("https://crm.example.cn/mail/click?t=3&x."));
    }

    #[test]
    fn the_pixel_goes_inside_the_body() {
        assert_eq!(
            with_pixel("<body><p>Hi</p></BODY></html>", "https://x/o?t=1&2"),
            "<body><p>Hi</p><img src=\"https://x/o?t=1&amp;2\" width=\"1\" height=\"1\" alt=\"\" \
             style=\"display:block;border:0\"></BODY></html>"
        );
        assert!(with_pixel("<p>Hi</p>", "https://x/o").starts_with("<p>Hi</p><img"));
    }
}
