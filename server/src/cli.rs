//! The `banyan` command line.

pub mod analytics;
pub mod backup;
pub mod import;
pub mod key;
pub mod seed;
pub mod setup;
pub mod tokens;
pub mod users;

use std::io::{BufRead, Write};

use app::core::actor::Actor;
use app::core::code::TextCode;
use app::error::AppError;
use app::i18n::{Locale, Messages};
use clap::{Parser, Subcommand};
use sea_orm::DatabaseConnection;

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
    /// Fill a new, empty database with demo data.
    Seed {
        /// A believable small business, with users of every role.
        #[arg(long, required = true)]
        demo: bool,
        /// Multiplies the amount: 200 contacts and 40 companies per unit.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=5000))]
        scale: u32,
        /// This many tickets over the last year, instead of about one for every eight
        /// customers over the last month: a busy desk, to measure.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        tickets: Option<u32>,
    },
    /// Import contacts, companies or orders from a CSV file, as the import page does.
    Import(crate::cli::import::ImportArgs),
    /// Customer lifetime value and segments, computed from the orders.
    #[command(subcommand)]
    Analytics(crate::cli::analytics::Analytics),
    /// Set up a new workspace and its owner, as the first-run screen does; the password is
    /// read from BANYAN_PASSWORD, else from the first line of input.
    Setup(setup::SetupArgs),
    /// Write a backup of the whole workspace and its attachments to a file; the server may
    /// keep running.
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty database: the configured one, or the one `--into` names.
    Restore(backup::RestoreArgs),
    /// Add a user; the password is read from BANYAN_PASSWORD, else from the first line of input.
    CreateUser(users::CreateUserArgs),
    /// Move the workspace to a new secret key; run it with every server stopped.
    RotateKey,
    /// API tokens, for other programs to call the REST API with.
    #[command(subcommand)]
    Token(tokens::TokenCommand),
}

impl Cli {
    pub async fn run(self) -> Outcome {
        let config = Config::from_env()?;
        let open = || async {
            let conn = config.open_database().await?;
            app::core::db::migrate(&conn).await?;
            Ok::<_, crate::Error>(conn)
        };
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => return crate::http::serve::serve(config.clone()).await,
            Command::Migrate => {
                open().await?;
                println!("The database is up to date.");
            }
            Command::Seed {
                demo: _,
                scale,
                tickets,
            } => {
                let conn = open().await?;
                let volume = match tickets {
                    Some(count) => crate::cli::seed::Volume::Year(count as usize),
                    None => crate::cli::seed::Volume::Month,
                };
                let logins = crate::cli::seed::demo(&conn, scale as usize, volume).await?;
                println!(
                    "Demo data is ready. Sign in with any of these (password: {}):",
                    crate::cli::seed::DEMO_PASSWORD
                );
                for login in logins {
                    println!("  {:<24} {}", login.email, login.role.as_str());
                }
            }
            Command::Import(args) => {
                let conn = open().await?;
                crate::cli::import::run(&conn, args).await?;
            }
            Command::Analytics(what) => {
                let conn = open().await?;
                let report = what.run(&conn).await?;
                // A reader that stops early (`| head`) is not an error.
                match std::io::stdout().lock().write_all(report.as_bytes()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
                    _ => {}
                }
            }
            Command::Setup(args) => {
                let conn = open().await?;
                let password = password(args.owner())?;
                setup::run(&conn, args, password).await?;
            }
            Command::Backup(args) => {
                backup::backup(&open().await?, &config.store(), args).await?;
            }
            Command::Restore(args) => {
                let conn = match &args.into {
                    Some(url) => {
                        let conn = app::core::db::connect(url).await?;
                        app::core::db::migrate(&conn).await?;
                        conn
                    }
                    None => open().await?,
                };
                backup::restore(&conn, &config.store(), args).await?;
            }
            Command::CreateUser(args) => {
                let conn = open().await?;
                users::create(&conn, args).await?;
            }
            Command::Token(command) => {
                tokens::run(&open().await?, command).await?;
            }
            Command::RotateKey => {
                let rotated = key::rotate(&config, &open().await?).await?;
                println!(
                    "The secret key is new: {} audit entries linked anew, {} two-factor and \
                     webhook secrets sealed anew. The old key is kept as retired (links in mail \
                     already sent still work); invitations and password links made before no \
                     longer do.",
                    rotated.relinked, rotated.resealed
                );
            }
        }
        Ok(())
    }
}

/// English, or Chinese when the shell speaks it.
pub(crate) fn cli_locale() -> Locale {
    let lang = std::env::var("LC_ALL")
        .or_else(|_| std::env::var("LANG"))
        .unwrap_or_default();
    Locale::negotiate(&lang.replace('_', "-"))
}

/// The command line acts as a user without a session: the one named by email, else the
/// first owner.
pub(crate) async fn actor(
    conn: &DatabaseConnection,
    email: Option<&str>,
) -> Result<Actor, crate::Error> {
    let users = app::core::users::active_users(conn).await?;
    let user = match email {
        Some(email) => users
            .into_iter()
            .find(|u| u.email.eq_ignore_ascii_case(email.trim()))
            .ok_or_else(|| format!("no active user has the email {email}"))?,
        None => users
            .into_iter()
            .find(|u| u.role == app::core::actor::Role::Owner)
            .ok_or(NOT_SET_UP)?,
    };
    Ok(Actor::without_session(user))
}

/// What a command that needs the owner says on a new database.
pub(crate) const NOT_SET_UP: &str = "the workspace is not set up yet: run `banyan setup` (or \
     open Banyan in a browser) to create the owner first";

/// A refusal as a command prints it: every refused field named, with its reasons (`name` says
/// what the command calls a field), or what went wrong.
pub(crate) fn explain(t: &Messages, err: &AppError, name: impl Fn(&str) -> String) -> String {
    match err {
        AppError::Validation(fields) => fields
            .iter()
            .map(|(field, whys)| {
                let whys: Vec<String> = whys.iter().map(|why| t.invalid(why)).collect();
                format!("{}: {}", name(field), whys.join(" "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => t.error(other),
    }
}

/// A password, from BANYAN_PASSWORD or else from the first line of input, asked for `whom`.
pub(crate) fn password(whom: &str) -> Result<String, crate::Error> {
    secret("BANYAN_PASSWORD", &format!("Password for {whom}:"))
}

/// A secret from the environment variable `var`, or else from the first line of input, asked
/// for with `prompt`: never from the command line, which other users of the machine can see.
pub(crate) fn secret(var: &str, prompt: &str) -> Result<String, crate::Error> {
    if let Ok(secret) = std::env::var(var) {
        return Ok(secret);
    }
    eprintln!("{prompt}");
    Ok(std::io::stdin()
        .lock()
        .lines()
        .next()
        .transpose()?
        .unwrap_or_default())
}
