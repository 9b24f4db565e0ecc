//! The routes: the health check, the REST endpoints, the Leptos pages and server functions,
//! then static files; every request passes the gate first with a body capped by its route,
//! and every answer is compressed (unless it is a file compressed already), told how long it
//! may be kept, and carries the headers that keep a browser safe.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::request::Parts;
use axum::routing::get;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

use super::caching::cache_control;
use super::gate::{Gate, gate};
use super::headers::{Https, protect};
use super::installable;
use super::limits::limit_body;
use super::state::AppState;
use crate::api;

pub fn router(state: AppState) -> Router {
    let gate_state = Gate::new(state.app.clone(), state.proxies.clone());
    let (app, throttle, backups) = (
        state.app.clone(),
        state.throttle.clone(),
        state.backups.clone(),
    );
    // What every server function finds in its context.
    let context = move || {
        provide_context(app.clone());
        provide_context(throttle.clone());
        provide_context(backups.clone());
        // The scripts Leptos inlines carry the nonce the page's policy names.
        if let Some(nonce) =
            use_context::<Parts>().and_then(|p| p.extensions.get::<Nonce>().cloned())
        {
            provide_context(nonce);
        }
    };
    let https = Https(state.app.secure_cookies);
    let leptos_options = state.leptos_options.clone();
    let shell = move || app::shell(leptos_options.clone());
    let rest = api::routes()
        .into_iter()
        .fold(Router::new(), |router, (path, _, route)| {
            router.route(path, route)
        });
    rest.route(installable::MANIFEST, get(installable::manifest))
        .route(installable::SHELL, get(installable::shell))
        .leptos_routes_with_context(
            &state,
            generate_route_list(app::App),
            context.clone(),
            shell,
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(axum::middleware::from_fn_with_state(
            state.leptos_options.clone(),
            cache_control,
        ))
        .layer(axum::middleware::from_fn_with_state(gate_state, gate))
        // The one cap on bodies is `limit_body`'s, by route.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(limit_body))
        // Brotli's default level suits files compressed once, not answers made per request.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn_with_state(https, protect))
        .with_state(state)
}
