use chrono::Utc;
use sea_orm::{DatabaseConnection, DbBackend};

use super::types::{DatabaseKind, SystemStatus};
use crate::core::{db, outbox};
use crate::error::AppError;

pub async fn status(conn: &DatabaseConnection) -> Result<SystemStatus, AppError> {
    let database = match conn.get_database_backend() {
        DbBackend::Postgres => DatabaseKind::Postgres,
        _ => DatabaseKind::Sqlite,
    };
    let backlog = outbox::backlog(conn).await?;
    Ok(SystemStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database,
        migrations_applied: db::applied_migrations(conn).await?,
        outbox_pending: backlog.pending,
        outbox_dead: backlog.dead,
        checked_at: Utc::now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db_test;

    async fn reports_every_migration_and_an_empty_outbox(conn: &DatabaseConnection) {
        let status = status(conn).await.unwrap();
        assert_eq!(status.migrations_applied, db::known_migrations());
        assert_eq!((status.outbox_pending, status.outbox_dead), (0, 0));
    }
    db_test!(reports_every_migration_and_an_empty_outbox);
}
