//! The database connection: SQLite by default, PostgreSQL for bigger deployments.

#[cfg(any(test, feature = "testing"))]
pub mod testing;

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ConnectOptions, ConnectionTrait, Database,
    DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel, SqlErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::error::AppError;

/// Opens a pool on `url` (`sqlite://…` or `postgres://…`).
///
/// SQLite runs in WAL mode with `synchronous = FULL`: a write that was acknowledged survives a
/// crash of the process and of the machine. Foreign keys are on (SQLite's default is off), and a
/// writer waits for a busy database instead of failing at once.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        options.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        options.max_connections(16);
    }
    Database::connect(options).await
}

/// What a service that writes takes: the pool, or a transaction to write inside of.
pub trait Writer: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction> {}

impl<C: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>> Writer for C {}

/// A transaction that writes. On SQLite it takes the write lock at `BEGIN` (`IMMEDIATE`): a
/// deferred one that reads first cannot upgrade once another connection has committed, and
/// fails at once with "database is locked" instead of waiting its turn.
///
/// Inside another transaction it is a savepoint of that one: the sync of a device's writes
/// runs each feature's own write inside the transaction that records it.
pub async fn write<C: Writer>(conn: &C) -> Result<DatabaseTransaction, DbErr> {
    conn.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Inserts `row` to claim its key before the work it stands for: `false` when the key is
/// taken, by the same request sent before (a retry whose answer was lost). On PostgreSQL one
/// sent at the same time waits here until the first's transaction ends.
pub async fn claim<A>(txn: &DatabaseTransaction, row: A) -> Result<bool, DbErr>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    match row.insert(txn).await {
        Ok(_) => Ok(true),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(false)
        }
        Err(err) => Err(err),
    }
}

/// Applies every migration not yet applied.
pub async fn migrate(conn: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(conn, None).await
}

pub async fn applied_migrations(conn: &DatabaseConnection) -> Result<u32, AppError> {
    let applied = Migrator::get_applied_migrations(conn).await?;
    Ok(u32::try_from(applied.len()).unwrap_or(u32::MAX))
}

/// How many migrations this build knows.
pub fn known_migrations() -> u32 {
    u32::try_from(Migrator::migrations().len()).unwrap_or(u32::MAX)
}
