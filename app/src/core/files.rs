//! Files kept in the data folder, such as tickets' attachments: each written whole or not at
//! all under a key that its database row holds, and read back by that key.

use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::error::AppError;

/// The folder files are kept in.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
}

/// What a file being written is called until it is whole.
const PARTIAL: &str = ".partial";

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Store { root: root.into() }
    }

    /// A store of its own in the system's temporary folder, for tests.
    #[cfg(any(test, feature = "testing"))]
    pub fn temporary() -> Self {
        Store::new(std::env::temp_dir().join(format!("banyan-files-{}", Uuid::now_v7())))
    }

    /// The key of a new file: a folder a month, so that no folder grows without end.
    pub fn key(id: Uuid, now: DateTime<Utc>) -> String {
        format!("{}/{id}", now.format("%Y-%m"))
    }

    /// Where `key` lives; a key that would leave the folder is refused.
    fn path(&self, key: &str) -> Result<PathBuf, AppError> {
        let relative = Path::new(key);
        let inside = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if key.is_empty() || !inside {
            return Err(AppError::internal(format!(
                "a file key outside the store: {key}"
            )));
        }
        Ok(self.root.join(relative))
    }

    /// Writes `bytes` under `key`: to a partial file first, flushed to the disk, then renamed,
    /// so that a crash never leaves half a file under the key.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), AppError> {
        let path = self.path(key)?;
        if let Some(folder) = path.parent() {
            tokio::fs::create_dir_all(folder)
                .await
                .map_err(AppError::internal)?;
        }
        let partial = path.with_extension(PARTIAL.trim_start_matches('.'));
        let mut file = tokio::fs::File::create(&partial)
            .await
            .map_err(AppError::internal)?;
        file.write_all(bytes).await.map_err(AppError::internal)?;
        file.sync_all().await.map_err(AppError::internal)?;
        drop(file);
        tokio::fs::rename(&partial, &path)
            .await
            .map_err(AppError::internal)
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, AppError> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(bytes) => Ok(bytes),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(AppError::NotFound),
            Err(err) => Err(AppError::internal(err)),
        }
    }

    /// Removes the file under `key`; one that is not there is gone already.
    pub async fn remove(&self, key: &str) -> Result<(), AppError> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(AppError::internal(err)),
            _ => Ok(()),
        }
    }

    /// Every key in the store (partial files too) with when it was last written.
    pub async fn list(&self) -> Result<Vec<(String, DateTime<Utc>)>, AppError> {
        let mut keys = Vec::new();
        let mut months = match tokio::fs::read_dir(&self.root).await {
            Ok(months) => months,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(keys),
            Err(err) => return Err(AppError::internal(err)),
        };
        while let Some(month) = months.next_entry().await.map_err(AppError::internal)? {
            if !month
                .file_type()
                .await
                .map_err(AppError::internal)?
                .is_dir()
            {
                continue;
            }
            let mut files = tokio::fs::read_dir(month.path())
                .await
                .map_err(AppError::internal)?;
            while let Some(file) = files.next_entry().await.map_err(AppError::internal)? {
                let written = file
                    .metadata()
                    .await
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                keys.push((
                    format!(
                        "{}/{}",
                        month.file_name().to_string_lossy(),
                        file.file_name().to_string_lossy()
                    ),
                    DateTime::<Utc>::from(written),
                ));
            }
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_are_kept_read_back_listed_and_removed() {
        let root = std::env::temp_dir().join(format!("banyan-store-{}", Uuid::now_v7()));
        let store = Store::new(&root);
        assert_eq!(store.list().await.unwrap(), []);
        let key = Store::key(Uuid::now_v7(), Utc::now());
        store.put(&key, "发票".as_bytes()).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), "发票".as_bytes());
        let listed = store.list().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].0, key);
        store.remove(&key).await.unwrap();
        store.remove(&key).await.unwrap();
        assert_eq!(store.get(&key).await, Err(AppError::NotFound));
        for escape in ["../secret.key", "/etc/passwd", "", "a/../../b"] {
            assert_eq!(store.get(escape).await, Err(AppError::Internal), "{escape}");
        }
        std::fs::remove_dir_all(root).unwrap();
    }
}
