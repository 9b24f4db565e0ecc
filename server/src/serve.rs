//! `banyan serve`: the HTTP server and the background jobs, until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;

use app::auth::throttle::LoginThrottle;
use app::campaigns::campaign::service::tracking;
use app::core::context::ServerContext;
use app::core::files::Store;
use app::core::signing::SecretKey;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRef;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use leptos::config::get_configuration;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::Outcome;
use crate::config::Config;
use crate::gate::{Gate, gate};
use crate::inbound::InboundSecret;
use crate::jobs::{Mailer, outbox_worker};
use crate::web_forms::SubmitLimit;

/// What every handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub conn: DatabaseConnection,
    pub web_form_limit: Arc<SubmitLimit>,
    pub inbound: InboundSecret,
    pub files: Store,
    pub key: SecretKey,
}

pub async fn serve(config: Config) -> Outcome {
    let conn = config.open_database().await?;
    app::core::db::migrate(&conn).await?;

    let mut leptos_options = get_configuration(None)?.leptos_options;
    leptos_options.site_addr = config.addr;
    let ctx = ServerContext {
        conn: conn.clone(),
        secure_cookies: config.public_url.starts_with("https://"),
        key: config.load_secret_key()?,
        public_url: config.public_url.clone(),
        files: Store::new(config.data_dir.join("attachments")),
    };

    let mailer = Mailer::new(
        conn.clone(),
        ctx.files.clone(),
        ctx.key.clone(),
        ctx.public_url.clone(),
        &config.mail,
    )?;
    if config.mail.smtp_url.is_none() {
        tracing::warn!("no mail server configured (BANYAN_SMTP_URL): mail waits in the outbox");
    }
    let (stop, stopped) = watch::channel(false);
    let worker = outbox_worker(conn.clone(), mailer);
    let worker = tokio::spawn(worker.run(stopped.clone()));
    let imports = tokio::spawn(crate::imports::runner(conn.clone(), stopped.clone()));
    let sweeper = tokio::spawn(crate::attachments::sweeper(
        conn.clone(),
        ctx.files.clone(),
        stopped,
    ));

    // Pages stream in several writes: without TCP_NODELAY, delayed ACKs add 40 ms to each.
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await?
        .tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::warn!(%err, "could not set TCP_NODELAY");
            }
        });
    tracing::info!("Banyan is ready at http://{}", config.addr);
    let inbound = InboundSecret(config.mail.inbound_secret.as_deref().map(Arc::from));
    let app =
        router(leptos_options, ctx, inbound).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;

    tracing::info!("shutting down: finishing background jobs");
    stop.send(true)?;
    worker.await?;
    imports.await?;
    sweeper.await?;
    conn.close().await?;
    Ok(())
}

/// The routes: health, the Leptos pages and server functions, then static files; every
/// request passes the gate first.
pub fn router(leptos_options: LeptosOptions, ctx: ServerContext, inbound: InboundSecret) -> Router {
    let state = AppState {
        leptos_options: leptos_options.clone(),
        conn: ctx.conn.clone(),
        web_form_limit: Arc::new(SubmitLimit::default()),
        inbound,
        files: ctx.files.clone(),
        key: ctx.key.clone(),
    };
    let gate_state = Gate::new(ctx.clone());
    let throttle = Arc::new(LoginThrottle::default());
    let context = move || {
        provide_context(ctx.clone());
        provide_context(throttle.clone());
    };
    let shell = move || app::shell(leptos_options.clone());
    Router::new()
        .route("/healthz", get(crate::health::healthz))
        .route("/api/export/contacts", get(crate::export::contacts))
        .route("/api/export/contacts/{id}", get(crate::export::contact))
        .route(
            "/api/imports",
            post(crate::imports::upload).layer(DefaultBodyLimit::max(crate::imports::BODY_LIMIT)),
        )
        .route(
            "/api/imports/{id}/rejected.csv",
            get(crate::imports::rejected),
        )
        .route(
            "/api/tickets/{id}/attachments",
            post(crate::attachments::upload)
                .layer(DefaultBodyLimit::max(crate::attachments::BODY_LIMIT)),
        )
        .route("/api/attachments/{id}", get(crate::attachments::download))
        .route(
            "/inbound/email",
            post(crate::inbound::email).layer(DefaultBodyLimit::max(crate::inbound::BODY_LIMIT)),
        )
        .route(
            crate::unsubscribe::ONE_CLICK,
            post(crate::unsubscribe::one_click).get(crate::unsubscribe::open),
        )
        .route(tracking::OPEN_PATH, get(crate::tracking::open))
        .route(tracking::CLICK_PATH, get(crate::tracking::click))
        .route(
            "/f/{key}",
            post(crate::web_forms::submit).options(crate::web_forms::preflight),
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
        .layer(axum::middleware::from_fn_with_state(gate_state, gate))
        .with_state(state)
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
