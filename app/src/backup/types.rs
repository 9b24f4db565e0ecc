use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The backups the server keeps, and when it makes them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backups {
    /// A backup every day.
    pub daily: bool,
    /// How many backups the folder keeps: the newest.
    pub keep: i32,
    /// 0 until the schedule is first saved.
    pub version: i32,
    /// The folder on the server, as its operator configured it.
    pub folder: String,
    /// Whether the backups are sealed with the server's passphrase.
    pub sealed: bool,
    /// Newest first.
    pub files: Vec<BackupFile>,
    /// The workspace's time zone, in which the times of the backups read.
    pub zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupFile {
    pub name: String,
    pub bytes: u64,
    pub made_at: DateTime<Utc>,
}

/// The schedule as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleForm {
    /// `Some` when the box is ticked.
    pub daily: Option<String>,
    pub keep: String,
    pub version: i32,
}

/// Most backups a folder keeps: a year of days (the hint under the field says so too).
pub const MAX_KEEP: i64 = 365;
/// What a folder keeps before the owner says otherwise: a week.
pub const DEFAULT_KEEP: i32 = 7;
