//! The backup file: written from one snapshot of the database, read back into an empty one.
//!
//! A backup reads one snapshot of the database, so it is consistent while the server goes on
//! writing. The file is gzip'd JSON lines: a header (the format, the schema, the time), each
//! table's rows in the order of `tables`, the attached files, and a trailer with the counts. A
//! restore writes everything in one transaction, which it commits only once the trailer's
//! counts match what it read: a cut, damaged or foreign file leaves the database as it was.
//! With a passphrase the file is sealed (see `sealed`).

mod sealed;
mod tables;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IsolationLevel, QuerySelect, TransactionOptions, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::core::files::Store;
use crate::error::{AppError, Invalid};
use crate::tickets::attachments::entity as attachment;

/// Rows a restore holds in memory before it inserts them.
const ROWS_AT_ONCE: usize = 1000;

/// Changes when the layout of the file changes; the schema has its own name.
const FORMAT: u32 = 1;

/// The first line of a backup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The last migration of the database it was made from.
    pub schema: String,
    /// The Banyan that made it.
    pub version: String,
    pub made_at: DateTime<Utc>,
}

/// The last line: how many of each thing came before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Rows by table.
    pub rows: BTreeMap<String, u64>,
    pub files: u64,
    /// The keys of attachments whose row was there but not their file.
    pub missing_files: Vec<String>,
}

/// What a backup holds: its first and last lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub header: Header,
    pub totals: Totals,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Banyan(Header),
    /// The rows that follow, up to the next `Table`, are of this table.
    Table(String),
    Row(serde_json::Value),
    File {
        key: String,
        bytes: String,
    },
    End(Totals),
}

/// The lines of a backup as they go out: gzip'd, and sealed when a passphrase is given.
struct Writer(GzEncoder<Out>);

enum Out {
    Plain(Box<dyn Write + Send>),
    Sealed(sealed::Sealer<Box<dyn Write + Send>>),
}

impl Write for Out {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Plain(out) => out.write(bytes),
            Out::Sealed(out) => out.write(bytes),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Plain(out) => out.flush(),
            Out::Sealed(out) => out.flush(),
        }
    }
}

impl Writer {
    fn line(&mut self, line: &Line) -> Result<(), AppError> {
        serde_json::to_writer(&mut self.0, line).map_err(AppError::internal)?;
        self.0.write_all(b"\n").map_err(AppError::internal)
    }

    fn finish(self) -> Result<(), AppError> {
        let mut out = match self.0.finish().map_err(AppError::internal)? {
            Out::Plain(out) => out,
            Out::Sealed(sealer) => sealer.finish().map_err(AppError::internal)?,
        };
        out.flush().map_err(AppError::internal)
    }
}

/// The name of the schema this build makes and reads: its last migration.
fn schema() -> String {
    use migrations::MigratorTrait;
    migrations::Migrator::migrations()
        .last()
        .map(|m| m.name().to_owned())
        .unwrap_or_default()
}

/// Writes a backup of the workspace in `conn` and the attachments in `store` to `out`, sealed
/// with `passphrase` when one is given.
pub async fn backup(
    conn: &DatabaseConnection,
    store: &Store,
    out: impl Write + Send + 'static,
    passphrase: Option<&str>,
) -> Result<Manifest, AppError> {
    let out: Box<dyn Write + Send> = Box::new(out);
    let out = match passphrase {
        Some(passphrase) => Out::Sealed(sealed::Sealer::new(out, passphrase)?),
        None => Out::Plain(out),
    };
    let mut file = Writer(GzEncoder::new(out, Compression::default()));
    let header = Header {
        format: FORMAT,
        schema: schema(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        made_at: Utc::now(),
    };
    file.line(&Line::Banyan(header.clone()))?;
    let snapshot = snapshot(conn).await?;
    let mut totals = Totals::default();
    tables::dump(&snapshot, &mut file, &mut totals.rows).await?;
    let keys: Vec<String> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::StorageKey)
        .into_tuple()
        .all(&snapshot)
        .await?;
    snapshot.commit().await?;
    // An attachment's file is written before its row and never changed: every row of the
    // snapshot has its file, unless something outside Banyan removed it.
    for key in keys {
        match store.get(&key).await {
            Ok(bytes) => {
                let bytes = STANDARD.encode(bytes);
                file.line(&Line::File { key, bytes })?;
                totals.files += 1;
            }
            Err(AppError::NotFound) => totals.missing_files.push(key),
            Err(err) => return Err(err),
        }
    }
    file.line(&Line::End(totals.clone()))?;
    file.finish()?;
    Ok(Manifest { header, totals })
}

/// Writes a backup to `path` by way of `path.partial`, renamed once the backup is whole and on
/// the disk: a backup that fails leaves no file that looks like one.
pub async fn backup_to(
    conn: &DatabaseConnection,
    store: &Store,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<Manifest, AppError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file = std::fs::File::create(&partial).map_err(AppError::internal)?;
    let made = backup(conn, store, BufWriter::new(file), passphrase).await;
    let kept = made.and_then(|manifest| {
        std::fs::File::open(&partial)
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(AppError::internal)?;
        Ok(manifest)
    });
    if kept.is_err() {
        // Already gone when the rename failed after all.
        let _ = std::fs::remove_file(&partial);
    }
    kept
}

/// A transaction that reads the database as it is at its first read, whatever commits after.
/// SQLite's read transactions in WAL mode are such a snapshot; PostgreSQL needs to be asked.
async fn snapshot(conn: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    let options = match conn.get_database_backend() {
        DatabaseBackend::Postgres => TransactionOptions {
            isolation_level: Some(IsolationLevel::RepeatableRead),
            access_mode: Some(AccessMode::ReadOnly),
            ..TransactionOptions::default()
        },
        _ => TransactionOptions::default(),
    };
    Ok(conn.begin_with_options(options).await?)
}

/// The lines of a backup as they come in.
struct Reader {
    lines: std::io::Lines<BufReader<GzDecoder<Box<dyn Read + Send>>>>,
}

impl Reader {
    /// Opens a backup, refusing a file that is not one, a sealed one without its passphrase,
    /// and one of another schema, before anything is written.
    fn open(
        input: impl Read + Send + 'static,
        passphrase: Option<&str>,
    ) -> Result<(Self, Header), AppError> {
        let mut input = BufReader::new(input);
        let sealed = sealed::is_sealed(&mut input).map_err(AppError::internal)?;
        let input: Box<dyn Read + Send> = match (sealed, passphrase) {
            (false, _) => Box::new(input),
            (true, Some(passphrase)) => Box::new(sealed::Opener::new(input, passphrase)?),
            (true, None) => return Err(AppError::invalid("passphrase", Invalid::Required)),
        };
        let mut reader = Reader {
            lines: BufReader::new(GzDecoder::new(input)).lines(),
        };
        let header = match reader.next() {
            Ok(Some(Line::Banyan(header))) if header.format == FORMAT => header,
            _ => return Err(AppError::invalid("file", Invalid::NotABackup)),
        };
        let ours = schema();
        if header.schema != ours {
            // Migrations are named by date, so names sort as they were made.
            let why = if header.schema > ours {
                Invalid::BackupNewer
            } else {
                Invalid::BackupOlder
            };
            return Err(AppError::invalid("file", why));
        }
        Ok((reader, header))
    }

    /// The next line; `None` at the end of the file.
    fn next(&mut self) -> Result<Option<Line>, AppError> {
        match self.lines.next() {
            None => Ok(None),
            Some(Ok(line)) => serde_json::from_str(&line).map(Some).map_err(|_| damaged()),
            Some(Err(_)) => Err(damaged()),
        }
    }
}

fn damaged() -> AppError {
    AppError::invalid("file", Invalid::BackupDamaged)
}

/// Restores the backup read from `input` into the empty workspace of `conn` (migrated to this
/// build's schema) and its attachments into `store`. All or nothing: on any refusal the
/// database and the store are left as they were.
pub async fn restore(
    conn: &DatabaseConnection,
    store: &Store,
    input: impl Read + Send + 'static,
    passphrase: Option<&str>,
) -> Result<Manifest, AppError> {
    let (mut reader, header) = Reader::open(input, passphrase)?;
    let txn = crate::core::db::write(conn).await?;
    refuse_unless_empty(&txn).await?;
    let mut written = Vec::new();
    match load(&txn, store, &mut reader, &mut written).await {
        Ok(totals) => {
            txn.commit().await?;
            Ok(Manifest { header, totals })
        }
        Err(err) => {
            txn.rollback().await?;
            for key in written {
                store.remove(&key).await?;
            }
            Err(err)
        }
    }
}

/// Refuses a database that holds anything the migrations did not put there.
async fn refuse_unless_empty(txn: &DatabaseTransaction) -> Result<(), AppError> {
    for table in tables::names() {
        if tables::SEEDED.contains(&table) {
            continue;
        }
        let any = txn
            .query_one_raw(sea_orm::Statement::from_string(
                txn.get_database_backend(),
                format!("SELECT 1 FROM {table} LIMIT 1"),
            ))
            .await?;
        if any.is_some() {
            return Err(AppError::invalid("database", Invalid::NotEmpty));
        }
    }
    Ok(())
}

/// Reads every line after the header into the database and the store, and checks the counts
/// of the trailer against what came. `written` collects the keys of the files put in the
/// store, for the caller to take away again if it does not commit.
async fn load(
    txn: &DatabaseTransaction,
    store: &Store,
    reader: &mut Reader,
    written: &mut Vec<String>,
) -> Result<Totals, AppError> {
    for table in tables::SEEDED {
        txn.execute_unprepared(&format!("DELETE FROM {table}"))
            .await?;
    }
    let mut seen = Totals::default();
    // The table whose rows are coming, and those of them not inserted yet.
    let mut table: Option<String> = None;
    let mut rows = Vec::new();
    let totals = loop {
        let line = reader.next()?.ok_or_else(damaged)?;
        let table_ends = !matches!(line, Line::Row(_));
        if (table_ends || rows.len() == ROWS_AT_ONCE)
            && let Some(name) = &table
        {
            *seen.rows.entry(name.clone()).or_default() += rows.len() as u64;
            tables::load(txn, name, std::mem::take(&mut rows)).await?;
        }
        if table_ends {
            table = None;
        }
        match line {
            Line::Table(name) if !seen.rows.contains_key(&name) => table = Some(name),
            Line::Row(row) if table.is_some() => rows.push(row),
            Line::File { key, bytes } => {
                let bytes = STANDARD.decode(bytes).map_err(|_| damaged())?;
                store.put(&key, &bytes).await?;
                written.push(key);
                seen.files += 1;
            }
            Line::End(totals) => break totals,
            _ => return Err(damaged()),
        }
    };
    // Nothing may follow the trailer; reading on to the end also checks gzip's checksum.
    if reader.next()?.is_some() {
        return Err(damaged());
    }
    seen.missing_files.clone_from(&totals.missing_files);
    let every_table = seen
        .rows
        .keys()
        .map(String::as_str)
        .eq(sorted(tables::names()));
    if seen != totals || !every_table {
        return Err(damaged());
    }
    Ok(totals)
}

fn sorted(mut names: Vec<&'static str>) -> Vec<&'static str> {
    names.sort_unstable();
    names
}

/// Every table's rows and every file in a backup: how tests compare two workspaces.
#[cfg(any(test, feature = "testing"))]
pub fn contents(
    input: impl Read + Send + 'static,
    passphrase: Option<&str>,
) -> Result<Contents, AppError> {
    let (mut reader, _) = Reader::open(input, passphrase)?;
    let mut contents = Contents::default();
    let mut table = String::new();
    while let Some(line) = reader.next()? {
        match line {
            Line::Table(name) => table = name,
            Line::Row(row) => contents.rows.entry(table.clone()).or_default().push(row),
            Line::File { key, bytes } => {
                let bytes = STANDARD.decode(bytes).map_err(|_| damaged())?;
                contents.files.insert(key, bytes);
            }
            Line::Banyan(_) | Line::End(_) => {}
        }
    }
    Ok(contents)
}

/// What `contents` reads.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Default, PartialEq)]
pub struct Contents {
    /// Rows by table, in the order of their primary key.
    pub rows: BTreeMap<String, Vec<serde_json::Value>>,
    pub files: BTreeMap<String, Vec<u8>>,
}
