//! The `banyan` command line.

use std::io::{BufRead, Write};

use app::auth::types::NewUserForm;
use app::core::actor::Actor;
use app::i18n::Locale;
use clap::{Parser, Subcommand};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::Outcome;
use crate::config::Config;
use app::core::code::TextCode;

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
    Import(crate::import_cli::ImportArgs),
    /// Customer lifetime value and segments, computed from the orders.
    #[command(subcommand)]
    Analytics(crate::analytics_cli::Analytics),
    /// Add a user; the password is read from BANYAN_PASSWORD, else from the first line of input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, manager, sales, support or marketing
        #[arg(long)]
        role: String,
    },
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
            Command::Serve => return crate::serve::serve(config.clone()).await,
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
                    Some(count) => crate::seed::Volume::Year(count as usize),
                    None => crate::seed::Volume::Month,
                };
                let logins = crate::seed::demo(&conn, scale as usize, volume).await?;
                println!(
                    "Demo data is ready. Sign in with any of these (password: {}):",
                    crate::seed::DEMO_PASSWORD
                );
                for login in logins {
                    println!("  {:<24} {}", login.email, login.role.as_str());
                }
            }
            Command::Import(args) => {
                let conn = open().await?;
                crate::import_cli::run(&conn, args).await?;
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
            Command::CreateUser { email, name, role } => {
                let conn = open().await?;
                let password = match std::env::var("BANYAN_PASSWORD") {
                    Ok(password) => password,
                    Err(_) => {
                        eprintln!("Password for {email}:");
                        std::io::stdin()
                            .lock()
                            .lines()
                            .next()
                            .transpose()?
                            .unwrap_or_default()
                    }
                };
                let form = NewUserForm {
                    email,
                    name,
                    role,
                    password,
                };
                match app::auth::service::create_user_from_cli(&conn, form).await {
                    Ok(user) => println!(
                        "Added {} ({}) as {}.",
                        user.name,
                        user.email,
                        user.role.as_str()
                    ),
                    Err(app::error::AppError::NotFound) => {
                        return Err("the workspace is not set up yet: open Banyan in a browser to create the owner first".into());
                    }
                    Err(app::error::AppError::Validation(fields)) => {
                        let reasons: Vec<String> = fields
                            .iter()
                            .map(|(field, why)| {
                                format!(
                                    "{field}: {}",
                                    why.iter()
                                        .map(|w| format!("{w:?}"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            })
                            .collect();
                        return Err(format!("not added: {}", reasons.join("; ")).into());
                    }
                    Err(err) => return Err(err.into()),
                }
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
            .ok_or("the workspace is not set up yet: open Banyan in a browser to create the owner first")?,
    };
    Ok(Actor {
        user,
        session_id: Uuid::nil(),
    })
}
