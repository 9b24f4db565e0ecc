//! What every answer tells the browser to refuse: a script the page did not send itself (a
//! Content-Security-Policy naming a nonce made for each page, which Leptos writes on the
//! scripts it inlines), being framed by any site, guessing a file's type, telling other sites
//! which page a link was followed from, the devices no page uses, and, once the public address
//! is https, plain http.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

/// Whether the public address is https, so browsers may be told to use nothing else.
#[derive(Clone, Copy)]
pub struct Https(pub bool);

/// A page's policy. Scripts: the site's own files and the page's inlined ones (WebAssembly may
/// be compiled). Styles: the site's sheet and the `style` attributes the views and charts set.
/// Images: the site's, drawn ones, and those a campaign's mail shows in its preview.
fn policy(nonce: &Nonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

const SAME: [(HeaderName, HeaderValue); 5] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
];

/// Makes the request's nonce for Leptos and the shell to find, and sets the headers on the
/// answer.
pub async fn protect(State(https): State<Https>, mut request: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    set(response.headers_mut(), &nonce, https);
    response
}

fn set(headers: &mut HeaderMap, nonce: &Nonce, Https(https): Https) {
    for (name, value) in SAME {
        headers.entry(name).or_insert(value);
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // Only a document runs scripts: a worker's script must keep its own way to the network.
    // A page that wrote its own policy (a web form's answer) keeps it.
    let page = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"text/html"));
    if page
        && !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(policy) = HeaderValue::from_str(&policy(nonce))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(kind: &str, https: bool) -> (HeaderMap, Nonce) {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(kind).unwrap());
        let nonce = Nonce::new();
        set(&mut headers, &nonce, Https(https));
        (headers, nonce)
    }

    #[test]
    fn a_page_runs_only_its_own_scripts_and_is_never_framed() {
        let (headers, nonce) = answer("text/html; charset=utf-8", false);
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        let scripts = csp
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(
            scripts,
            format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'")
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        // Each page its own nonce.
        assert_ne!(answer("text/html", false).1, nonce);
    }

    #[test]
    fn files_and_answers_get_the_rest_and_https_is_kept() {
        let (headers, _) = answer("text/javascript", true);
        assert!(headers.get(header::CONTENT_SECURITY_POLICY).is_none());
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(
            headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000"
        );
    }
}
