//! `banyan serve`: the HTTP server and the background jobs, until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;

use app::core::context::ServerContext;
use app::core::memo::Memo;
use axum::serve::ListenerExt;
use leptos::config::get_configuration;
use tokio::sync::watch;

use super::caching::fingerprint;
use super::router::router;
use super::state::AppState;
use crate::Outcome;
use crate::api::inbound::InboundSecret;
use crate::config::Config;
use crate::jobs::{self, Mailer, outbox_worker};

pub async fn serve(config: Config) -> Outcome {
    let conn = config.open_database().await?;
    app::core::db::migrate(&conn).await?;

    let mut leptos_options = get_configuration(None)?.leptos_options;
    leptos_options.site_addr = config.addr;
    fingerprint(&mut leptos_options)?;
    let ctx = ServerContext {
        conn: conn.clone(),
        secure_cookies: config.public_url.starts_with("https://"),
        key: config.load_secret_key()?,
        public_url: config.public_url.clone(),
        files: config.store(),
        memo: Memo::default(),
    };
    let inbound = InboundSecret(config.mail.inbound_secret.as_deref().map(Arc::from));
    let mut state = AppState::new(
        leptos_options,
        ctx.clone(),
        inbound,
        config.trusted_proxies.clone(),
        config.backups.clone(),
    );
    state.api_limit = crate::api::v1::ApiLimit::per_minute(config.api_rate);

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
    let imports = tokio::spawn(jobs::imports::runner(conn.clone(), stopped.clone()));
    let digests = tokio::spawn(jobs::digest::scheduler(conn.clone(), stopped.clone()));
    let chainer = tokio::spawn(jobs::audit::chainer(
        conn.clone(),
        ctx.key.clone(),
        stopped.clone(),
    ));
    let backups = tokio::spawn(jobs::backups::scheduler(
        conn.clone(),
        ctx.files.clone(),
        config.backups.clone(),
        stopped.clone(),
    ));
    let webhooks = jobs::webhooks::Sender::new(conn.clone(), ctx.key.clone());
    let webhooks = tokio::spawn(webhooks.run(stopped.clone()));
    let sweeper = tokio::spawn(jobs::attachments::sweeper(
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
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;

    tracing::info!("shutting down: finishing background jobs");
    stop.send(true)?;
    worker.await?;
    imports.await?;
    digests.await?;
    backups.await?;
    sweeper.await?;
    chainer.await?;
    webhooks.await?;
    conn.close().await?;
    Ok(())
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
