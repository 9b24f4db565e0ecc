//! How long browsers keep what the server sends. The release names the WebAssembly, its
//! JavaScript and the style sheet after their content, so a browser keeps them for a year
//! and never asks again; everything else, pages first, is checked with the server each time
//! it is used, so a new release reaches everyone at their next page.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::LeptosOptions;

/// The file the release writes beside the site, naming the content hash of each bundle file.
const HASHES: &str = "hash.txt";

const FOREVER: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const CHECK_EACH_TIME: HeaderValue = HeaderValue::from_static("no-cache");

/// Turns on the hashed file names when the release wrote them. Leptos looks for the hash file
/// beside the server binary; pointing it into the site keeps a site folder whole on its own,
/// wherever the binary is installed.
pub fn fingerprint(options: &mut LeptosOptions) -> std::io::Result<()> {
    let hashes = std::path::absolute(Path::new(&*options.site_root).join(HASHES))?;
    if hashes.is_file() {
        options.hash_files = true;
        options.hash_file = hashes.to_string_lossy().into();
    }
    Ok(())
}

/// Sets `Cache-Control` on every answer that has not set its own.
pub async fn cache_control(
    State(options): State<LeptosOptions>,
    request: Request,
    next: Next,
) -> Response {
    let forever = options.hash_files && request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let ok = response.status().is_success();
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(if forever && ok {
            FOREVER
        } else {
            CHECK_EACH_TIME
        });
    response
}
