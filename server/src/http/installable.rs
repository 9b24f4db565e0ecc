//! What makes Banyan an app a phone installs: the web app manifest, and the screen the
//! service worker (`public/sw.js`) shows when a page cannot be reached, both in the reader's
//! language.

use app::i18n::Locale;
use axum::Extension;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use leptos_meta::HashedStylesheet;
use serde_json::json;

pub const MANIFEST: &str = "/manifest.webmanifest";
pub const OFFLINE: &str = "/offline.html";

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

/// A page without the app's script: it must show whatever page was asked for, and the app
/// would try to hydrate it as that page. Its own small script reloads it when the server
/// answers again.
pub async fn offline(
    State(options): State<LeptosOptions>,
    Extension(locale): Extension<Locale>,
) -> Html<String> {
    let t = locale.messages();
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title} · {app}</title>
<link rel="icon" href="/favicon.ico">
{stylesheet}
</head>
<body>
<main class="offline" data-testid="offline">
<img src="/icon.svg" alt="" width="64" height="64">
<h1>{title}</h1>
<p>{body}</p>
<a class="button" href="">{retry}</a>
</main>
<script>
// Back in signal, the page asked for opens by itself once the server answers (a phone says
// "online" as soon as it has a network, which may not reach the server yet). While the server
// stays away the wait grows to half a minute, to spare a phone's battery.
(function () {{
  var wait = 2000, timer;
  function later() {{ timer = setTimeout(attempt, wait); wait = Math.min(wait * 1.5, 30000); }}
  function attempt() {{
    clearTimeout(timer);
    if (!navigator.onLine) return;
    fetch('/healthz', {{ cache: 'no-store' }}).then(function (r) {{ r.ok ? location.reload() : later(); }}, later);
  }}
  addEventListener('online', function () {{ wait = 2000; attempt(); }});
  later();
}})();
</script>
</body>
</html>"#,
        lang = locale.tag(),
        app = t.app_name,
        title = t.offline_title,
        body = t.offline_body,
        retry = t.offline_retry,
        stylesheet = view! { <HashedStylesheet options /> }.to_html(),
    ))
}
