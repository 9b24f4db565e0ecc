//! The backups the server makes itself: when the owner asks in Settings, and every day once they
//! turn that on, into the folder the operator named (never one a browser names: the server
//! would write wherever it was told), keeping the newest few.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, SqlErr};
use uuid::Uuid;

use super::entity::{ActiveModel, Column, Entity, Model};
use super::file::backup_to;
use super::types::{BackupFile, Backups, DEFAULT_KEEP, MAX_KEEP, ScheduleForm};
use crate::core::actor::Actor;
use crate::core::files::Store;
use crate::core::policy::{self, Action};
use crate::core::{audit, records};
use crate::error::{AppError, FieldCheck, Invalid};

const ROW: i32 = 1;
const PREFIX: &str = "banyan-";
const SUFFIX: &str = ".banyan";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// Where the server keeps its backups, and the passphrase it seals them with, if any: both
/// set by the operator (`BANYAN_BACKUP_DIR`, `BANYAN_BACKUP_PASSPHRASE`).
#[derive(Clone, Debug)]
pub struct Shelf {
    pub folder: PathBuf,
    pub passphrase: Option<String>,
}

impl Shelf {
    /// The backups in the folder, newest first; other files there are left alone.
    pub fn list(&self) -> Result<Vec<BackupFile>, AppError> {
        let entries = match std::fs::read_dir(&self.folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(AppError::internal(err)),
        };
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(AppError::internal)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(made_at) = made_at(&name) {
                let bytes = entry.metadata().map_err(AppError::internal)?.len();
                files.push(BackupFile {
                    name,
                    bytes,
                    made_at,
                });
            }
        }
        files.sort_by_key(|f| std::cmp::Reverse(f.made_at));
        Ok(files)
    }

    /// A new backup in the folder, named after `now`, then the oldest removed past `keep`;
    /// recorded as `by` the owner, or by the schedule (`None`).
    async fn make(
        &self,
        conn: &DatabaseConnection,
        store: &Store,
        now: DateTime<Utc>,
        keep: i32,
        by: Option<Uuid>,
    ) -> Result<BackupFile, AppError> {
        // One at a time: two in the same second would write the same file.
        static MAKING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _one = MAKING.lock().await;
        std::fs::create_dir_all(&self.folder).map_err(AppError::internal)?;
        let name = format!("{PREFIX}{}{SUFFIX}", now.format(STAMP));
        let path = self.folder.join(&name);
        backup_to(conn, store, &path, self.passphrase.as_deref()).await?;
        let bytes = std::fs::metadata(&path).map_err(AppError::internal)?.len();
        // The new one stays even when the clock was set back: older names do not outrank it.
        let others = usize::try_from(keep).unwrap_or(1).max(1) - 1;
        for old in self
            .list()?
            .into_iter()
            .filter(|f| f.name != name)
            .skip(others)
        {
            std::fs::remove_file(self.folder.join(&old.name)).map_err(AppError::internal)?;
        }
        let made = serde_json::json!({ "file": name, "bytes": bytes });
        let entry = audit::Entry::new(by, "backup.make", "backup", None);
        audit::record(conn, entry.changes(made)).await?;
        Ok(BackupFile {
            name,
            bytes,
            made_at: now,
        })
    }

    /// Where a listed backup is; `None` for any name this folder would not have made.
    pub fn path_of(&self, name: &str) -> Option<PathBuf> {
        made_at(name).map(|_| self.folder.join(name))
    }
}

/// When a backup of this name was made, if it is one of ours.
fn made_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    // Only the names `make` writes: no other file of the folder, nor a path out of it.
    (format!("{PREFIX}{}{SUFFIX}", at.format(STAMP)) == name).then_some(at)
}

async fn schedule<C: ConnectionTrait>(conn: &C) -> Result<Option<Model>, AppError> {
    Ok(Entity::find_by_id(ROW).one(conn).await?)
}

async fn backups<C: ConnectionTrait>(
    conn: &C,
    schedule: Option<Model>,
    shelf: &Shelf,
) -> Result<Backups, AppError> {
    Ok(Backups {
        zone: crate::core::settings::service::zone(conn)
            .await?
            .name()
            .to_owned(),
        daily: schedule.as_ref().is_some_and(|s| s.daily),
        keep: schedule.as_ref().map_or(DEFAULT_KEEP, |s| s.keep),
        version: schedule.as_ref().map_or(0, |s| s.version),
        folder: shelf.folder.display().to_string(),
        sealed: shelf.passphrase.is_some(),
        files: shelf.list()?,
    })
}

/// The schedule and the backups there are, for the owner.
pub async fn overview(
    conn: &DatabaseConnection,
    actor: &Actor,
    shelf: &Shelf,
) -> Result<Backups, AppError> {
    policy::require(conn, actor, Action::ManageSettings, "backup.view").await?;
    backups(conn, schedule(conn).await?, shelf).await
}

/// Saves the owner's schedule, provided nobody saved it since `form.version` was read.
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    shelf: &Shelf,
    form: &ScheduleForm,
) -> Result<Backups, AppError> {
    policy::require(conn, actor, Action::ManageSettings, "backup.schedule").await?;
    let mut check = FieldCheck::default();
    let keep = check.check(
        "keep",
        form.keep
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|keep| (1..=MAX_KEEP).contains(keep))
            .ok_or(Invalid::Range {
                min: 1,
                max: MAX_KEEP,
            }),
    );
    let keep = keep.map(|k| k as i32).ok_or_else(|| check.into_error())?;
    let daily = form.daily.is_some();
    let now = Utc::now();

    let txn = crate::core::db::write(conn).await?;
    let before = schedule(&txn).await?;
    let current = async || backups(&txn, schedule(&txn).await?, shelf).await;
    if before.is_some() {
        let change = Entity::update_many()
            .col_expr(Column::Daily, Expr::value(daily))
            .col_expr(Column::Keep, Expr::value(keep));
        records::update_versioned(&txn, change, ROW, form.version, now, current).await?;
    } else {
        let first = ActiveModel {
            id: Set(ROW),
            daily: Set(daily),
            keep: Set(keep),
            version: Set(1),
            updated_at: Set(now),
        };
        // Two owners saving the first schedule at once: the second finds the first's.
        if let Err(err) = first.insert(&txn).await {
            return match err.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => Err(AppError::conflict(
                    &backups(conn, schedule(conn).await?, shelf).await?,
                )),
                _ => Err(err.into()),
            };
        }
    }
    let after = schedule(&txn).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "backup.schedule", "backup", None)
            .changes(audit::changes(&before, &after)),
    )
    .await?;
    txn.commit().await?;
    backups(conn, after, shelf).await
}

/// A backup now, for the owner.
pub async fn make_now(
    conn: &DatabaseConnection,
    actor: &Actor,
    store: &Store,
    shelf: &Shelf,
) -> Result<Backups, AppError> {
    policy::require(conn, actor, Action::ManageSettings, "backup.make").await?;
    let keep = schedule(conn).await?.map_or(DEFAULT_KEEP, |s| s.keep);
    let by = Some(actor.user.id);
    shelf.make(conn, store, Utc::now(), keep, by).await?;
    backups(conn, schedule(conn).await?, shelf).await
}

/// How old the newest backup may grow before a daily one is due.
const DAY: TimeDelta = TimeDelta::hours(24);

/// Makes the daily backup when it is on and the newest backup is a day old or there is none.
pub async fn run_due(
    conn: &DatabaseConnection,
    store: &Store,
    shelf: &Shelf,
    now: DateTime<Utc>,
) -> Result<Option<BackupFile>, AppError> {
    let Some(schedule) = schedule(conn).await?.filter(|s| s.daily) else {
        return Ok(None);
    };
    let newest = shelf.list()?.first().map(|f| f.made_at);
    if newest.is_some_and(|at| now - at < DAY) {
        return Ok(None);
    }
    let made = shelf.make(conn, store, now, schedule.keep, None).await?;
    Ok(Some(made))
}
