use clap::Parser;
use server::cli::Cli;

#[tokio::main]
async fn main() {
    // The log goes to standard error: standard output is the commands' answer, which may be
    // piped, as JSON, into another program.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    if let Err(err) = Cli::parse().run().await {
        tracing::error!("{err}");
        std::process::exit(1);
    }
}
