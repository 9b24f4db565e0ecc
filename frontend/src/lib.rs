//! The browser side: hydrates the server-rendered page, or draws the app into the shell the
//! service worker opens offline.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let body = leptos::prelude::document()
        .body()
        .expect("a page has a body");
    // The shell has no screen in it to hydrate: the app draws the one asked for.
    if body.has_attribute("data-shell") {
        body.set_inner_html("");
        leptos::mount::mount_to(body.clone(), app::App).forget();
        let _ = body.set_attribute("data-hydrated", "true");
        return;
    }
    // The screens are loaded on demand: hydration first fetches the chunks of the page shown
    // (the server has already told the browser to fetch them), then walks the page.
    wasm_bindgen_futures::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Marks the moment the page became interactive, for styles and for the browser tests.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
