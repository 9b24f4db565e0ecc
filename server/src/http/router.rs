//! The routes: the health check, the REST endpoints, the Leptos pages and server functions,
//! then static files; every request passes the gate first, and every answer is compressed
//! (unless it is a file compressed already) and told how long it may be kept.

use app::campaigns::campaign::service::tracking;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

use super::caching::cache_control;
use super::gate::{Gate, gate};
use super::installable;
use super::state::AppState;
use crate::api;

pub fn router(state: AppState) -> Router {
    let gate_state = Gate::new(state.app.clone());
    let (app, throttle) = (state.app.clone(), state.throttle.clone());
    // What every server function finds in its context.
    let context = move || {
        provide_context(app.clone());
        provide_context(throttle.clone());
    };
    let leptos_options = state.leptos_options.clone();
    let shell = move || app::shell(leptos_options.clone());
    Router::new()
        .route("/healthz", get(api::health::healthz))
        .route(installable::MANIFEST, get(installable::manifest))
        .route(installable::SHELL, get(installable::shell))
        .route("/api/export/contacts", get(api::export::contacts))
        .route("/api/export/contacts/{id}", get(api::export::contact))
        .route(
            "/api/imports",
            post(api::imports::upload).layer(DefaultBodyLimit::max(api::imports::BODY_LIMIT)),
        )
        .route(
            "/api/imports/{id}/rejected.csv",
            get(api::imports::rejected),
        )
        .route(
            "/api/tickets/{id}/attachments",
            post(api::attachments::upload)
                .layer(DefaultBodyLimit::max(api::attachments::BODY_LIMIT)),
        )
        .route("/api/attachments/{id}", get(api::attachments::download))
        .route(
            "/inbound/email",
            post(api::inbound::email).layer(DefaultBodyLimit::max(api::inbound::BODY_LIMIT)),
        )
        .route(
            api::unsubscribe::ONE_CLICK,
            post(api::unsubscribe::one_click).get(api::unsubscribe::open),
        )
        .route(tracking::OPEN_PATH, get(api::tracking::open))
        .route(tracking::CLICK_PATH, get(api::tracking::click))
        .route(
            "/f/{key}",
            post(api::web_forms::submit).options(api::web_forms::preflight),
        )
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
        // Brotli's default level suits files compressed once, not answers made per request.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(state)
}
