//! What makes Banyan an app a phone installs: the web app manifest, and the page the service
//! worker (`public/sw.js`) opens when a page cannot be reached, both in the reader's language.

use app::i18n::Locale;
use axum::Extension;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use leptos::nonce::Nonce;
use leptos::prelude::*;
use leptos_meta::HashedStylesheet;
use serde_json::json;

pub const MANIFEST: &str = "/manifest.webmanifest";
pub const SHELL: &str = "/shell.html";

/// The colours of the light theme (`style/main.css`): a manifest has one of each, and the
/// pages' `theme-color` follows a dark system theme.
const THEME: &str = "#1f7a4d";
const BACKGROUND: &str = "#f6f7f5";

pub async fn manifest(Extension(locale): Extension<Locale>) -> Response {
    let t = locale.messages();
    let icon = |src: &str, size: &str, purpose: &str| json!({ "src": src, "sizes": size, "type": "image/png", "purpose": purpose });
    let manifest = json!({
        "id": "/",
        "name": t.app_full_name,
        "short_name": t.app_name,
        "description": t.app_tagline,
        "lang": locale.tag(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [
            icon("/icons/icon-192.png", "192x192", "any"),
            icon("/icons/icon-512.png", "512x512", "any"),
            icon("/icons/icon-maskable-192.png", "192x192", "maskable"),
            icon("/icons/icon-maskable-512.png", "512x512", "maskable"),
        ],
    });
    (
        [(header::CONTENT_TYPE, "application/manifest+json")],
        manifest.to_string(),
    )
        .into_response()
}

/// The page the service worker opens for any address it cannot load: the app without a page
/// in it, which draws the screen asked for itself from what the device keeps (the board, a
/// deal…), and says the network is needed where it keeps nothing. Until the app has loaded,
/// and in a browser that cannot run it, it says that the device is offline.
pub async fn shell(
    State(options): State<LeptosOptions>,
    Extension(locale): Extension<Locale>,
    Extension(nonce): Extension<Nonce>,
) -> Html<String> {
    let t = locale.messages();
    let head = Owner::new().with(|| {
        provide_context(nonce);
        view! {
            <HashedStylesheet options=options.clone() />
            <HydrationScripts options />
        }
        .to_html()
    });
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{app}</title>
<link rel="icon" href="/favicon.ico">
{head}
</head>
<body data-shell>
<main class="offline" data-testid="offline">
<img src="/icon.svg" alt="" width="64" height="64">
<h1>{title}</h1>
<p>{body}</p>
</main>
</body>
</html>"#,
        lang = locale.tag(),
        app = t.app_name,
        title = t.offline_title,
        body = t.offline_body,
    ))
}
