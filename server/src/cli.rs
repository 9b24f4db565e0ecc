//! The `banyan` command line.

use clap::{Parser, Subcommand};

use crate::Outcome;
use crate::config::Config;

#[derive(Parser)]
#[command(name = "banyan", version, about = "Banyan CRM server")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the app (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
}

impl Cli {
    pub async fn run(self) -> Outcome {
        let config = Config::from_env()?;
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => crate::serve::serve(config).await,
            Command::Migrate => {
                let conn = config.open_database().await?;
                app::db::migrate(&conn).await?;
                tracing::info!("database is up to date");
                Ok(())
            }
        }
    }
}
