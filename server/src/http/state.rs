//! The one state of the server: what every handler, the gate and the server functions reach.

use std::sync::Arc;

use app::auth::throttle::LoginThrottle;
use app::backup::schedule::Shelf;
use app::core::context::ServerContext;
use app::core::files::Store;
use app::core::signing::SecretKey;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::api::inbound::InboundSecret;
use crate::api::v1::ApiLimit;
use crate::api::web_forms::WebFormLimit;
use crate::http::proxies::TrustedProxies;

/// Built once at start. The app's share (`app`) is what server functions find in their
/// context; handlers take the parts they need by type.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub app: ServerContext,
    pub throttle: Arc<LoginThrottle>,
    pub web_form_limit: WebFormLimit,
    pub api_limit: ApiLimit,
    pub inbound: InboundSecret,
    pub proxies: TrustedProxies,
    /// Where the backups made from Settings go.
    pub backups: Shelf,
}

impl AppState {
    pub fn new(
        leptos_options: LeptosOptions,
        app: ServerContext,
        inbound: InboundSecret,
        proxies: TrustedProxies,
        backups: Shelf,
    ) -> Self {
        AppState {
            backups,
            proxies,
            leptos_options,
            app,
            throttle: Arc::new(LoginThrottle::default()),
            web_form_limit: WebFormLimit::default(),
            api_limit: ApiLimit::default(),
            inbound,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for DatabaseConnection {
    fn from_ref(state: &AppState) -> Self {
        state.app.conn.clone()
    }
}

impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Self {
        state.app.files.clone()
    }
}

impl FromRef<AppState> for SecretKey {
    fn from_ref(state: &AppState) -> Self {
        state.app.key.clone()
    }
}

impl FromRef<AppState> for WebFormLimit {
    fn from_ref(state: &AppState) -> Self {
        state.web_form_limit.clone()
    }
}

impl FromRef<AppState> for ApiLimit {
    fn from_ref(state: &AppState) -> Self {
        state.api_limit.clone()
    }
}

impl FromRef<AppState> for InboundSecret {
    fn from_ref(state: &AppState) -> Self {
        state.inbound.clone()
    }
}
