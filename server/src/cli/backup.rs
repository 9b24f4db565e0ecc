//! `banyan backup FILE` and `banyan restore FILE`: the whole workspace in one file, made while
//! the server runs, and put back into an empty database, SQLite or PostgreSQL.

use std::path::PathBuf;

use app::backup::file::{self, Manifest};
use app::core::files::Store;
use app::error::Invalid;
use app::i18n::fill;
use sea_orm::DatabaseConnection;

use crate::Outcome;
use crate::cli::{cli_locale, secret};

/// Where a passphrase is read from before it is asked for.
const PASSPHRASE: &str = "BANYAN_BACKUP_PASSPHRASE";

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    file: PathBuf,
    /// Seal the file with a passphrase, read from BANYAN_BACKUP_PASSPHRASE, else from the
    /// first line of input.
    #[arg(long)]
    encrypt: bool,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A file `banyan backup` wrote.
    file: PathBuf,
    /// The database to restore into, when not the configured one: how a workspace moves from
    /// SQLite to PostgreSQL (`--into postgres://…`).
    #[arg(long)]
    pub into: Option<String>,
}

pub async fn backup(conn: &DatabaseConnection, store: &Store, args: BackupArgs) -> Outcome {
    let t = cli_locale().messages();
    if args.file.exists() {
        return Err(fill(
            t.backup_exists,
            &[("file", &args.file.display().to_string())],
        )
        .into());
    }
    let passphrase = args.encrypt.then(passphrase).transpose()?;
    let manifest = file::backup_to(conn, store, &args.file, passphrase.as_deref())
        .await
        .map_err(|err| t.refusal(&err))?;
    println!("{}", summary(t.backup_done, &manifest));
    for key in &manifest.totals.missing_files {
        println!("  {}", fill(t.backup_missing_file, &[("key", key)]));
    }
    Ok(())
}

pub async fn restore(conn: &DatabaseConnection, store: &Store, args: RestoreArgs) -> Outcome {
    let t = cli_locale().messages();
    let open = || std::fs::File::open(&args.file).map(std::io::BufReader::new);
    let given = std::env::var(PASSPHRASE).ok();
    let mut restored = file::restore(conn, store, open()?, given.as_deref()).await;
    // A sealed file says so before anything is read: ask for its passphrase then.
    if let Err(err) = &restored
        && given.is_none()
        && err.field("passphrase") == [Invalid::Required]
    {
        let passphrase = passphrase()?;
        restored = file::restore(conn, store, open()?, Some(&passphrase)).await;
    }
    let manifest = restored.map_err(|err| t.refusal(&err))?;
    println!("{}", summary(t.restore_done, &manifest));
    Ok(())
}

fn passphrase() -> Result<String, crate::Error> {
    let t = cli_locale().messages();
    let passphrase = secret(PASSPHRASE, t.backup_passphrase)?;
    if passphrase.trim().is_empty() {
        return Err(t.invalid(&Invalid::Required).into());
    }
    Ok(passphrase)
}

fn summary(template: &str, manifest: &Manifest) -> String {
    let rows: u64 = manifest.totals.rows.values().sum();
    fill(
        template,
        &[
            ("rows", &rows.to_string()),
            ("tables", &manifest.totals.rows.len().to_string()),
            ("files", &manifest.totals.files.to_string()),
            (
                "made_at",
                &manifest
                    .header
                    .made_at
                    .format("%Y-%m-%d %H:%M:%S UTC")
                    .to_string(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests;
