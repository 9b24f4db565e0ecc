//! `banyan rotate-key`: a new secret key, for when the old one may have leaked or on a
//! schedule. Run it with every server stopped: a running server keeps the old key in memory.
//!
//! The new key is written next to the key file first, then the database is moved over to it in
//! one transaction (the audit chain linked anew, the two-factor secrets sealed anew, the new
//! key's fingerprint recorded), then the file replaces the key file. A rotation cut off between
//! the two is finished or undone by the next, by that fingerprint. The old key stays in it as a retired key: links in mail already
//! sent (unsubscribing, tracking, ratings) still work; invitations and password links no longer.

use std::path::{Path, PathBuf};

use app::core::signing::SecretKey;
use app::core::{audit, db};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::config::{Config, write_private};

/// The audit action of a rotation, which names the new key by its fingerprint.
const ROTATED: &str = "settings.rotate_key";

/// What a rotation did, for the operator.
#[derive(Debug, PartialEq)]
pub struct Rotated {
    pub relinked: u64,
    pub resealed: u64,
}

pub async fn rotate(config: &Config, conn: &DatabaseConnection) -> Result<Rotated, crate::Error> {
    if config.secret_key.is_some() {
        return Err(
            "the key comes from BANYAN_SECRET_KEY: move it into the key file \
                    (BANYAN_DATA_DIR/secret.key) and unset the variable, then rotate"
                .into(),
        );
    }
    let path = config.data_dir.join("secret.key");
    recover(conn, &path).await?;
    let old = config.load_secret_key()?;
    let file = old.rotated_file(&app::auth::secret::new_token()?)?;
    let new = SecretKey::from_file(&file)?;
    // Entries written before the servers stopped are linked under the key they were written
    // with, so that the whole chain is checked under it.
    audit::chain::extend(conn, &old).await?;
    let staged = staged(&path);
    write_private(&staged, &file)
        .map_err(|err| format!("cannot write {}: {err}", staged.display()))?;
    let moved = move_database(conn, &old, &new).await;
    match moved {
        Ok(rotated) => {
            std::fs::rename(&staged, &path)?;
            Ok(rotated)
        }
        Err(err) => {
            let _ = std::fs::remove_file(&staged);
            Err(err)
        }
    }
}

fn staged(path: &Path) -> PathBuf {
    path.with_extension("key.new")
}

/// What the rotation's audit entry names the new key by: a digest under it, which tells
/// nothing of it.
fn fingerprint(key: &SecretKey) -> String {
    key.digest("key fingerprint", b"")
}

/// A rotation cut off after the database moved to its key is finished (its file put in
/// place); one cut off before is undone (its file removed).
async fn recover(conn: &DatabaseConnection, path: &Path) -> Result<(), crate::Error> {
    let staged = staged(path);
    let Ok(text) = std::fs::read_to_string(&staged) else {
        return Ok(());
    };
    let last = audit::entity::Entity::find()
        .filter(audit::entity::Column::Action.eq(ROTATED))
        .order_by_desc(audit::entity::Column::At)
        .one(conn)
        .await?
        .and_then(|entry| entry.changes?.get("key")?.as_str().map(str::to_owned));
    let moved = SecretKey::from_file(&text).is_ok_and(|key| last == Some(fingerprint(&key)));
    if moved {
        std::fs::rename(&staged, path)?;
    } else {
        std::fs::remove_file(&staged)?;
    }
    Ok(())
}

async fn move_database(
    conn: &DatabaseConnection,
    old: &SecretKey,
    new: &SecretKey,
) -> Result<Rotated, crate::Error> {
    let txn = db::write(conn).await?;
    let relinked = match audit::chain::relink(&txn, old, new).await {
        Err(app::error::AppError::Conflict { current }) => {
            return Err(format!(
                "the audit chain is broken at entry {}: check it on the Audit screen; a new key \
                 would hide where it broke",
                current["audit_chain_broken_at"]
            )
            .into());
        }
        other => other?,
    };
    let resealed = app::auth::two_factor::service::reseal(&txn, old, new).await?
        + app::webhooks::service::reseal(&txn, old, new).await?;
    let entry = audit::Entry::new(None, ROTATED, "settings", None);
    let key = serde_json::json!({ "key": fingerprint(new) });
    audit::record(&txn, entry.changes(key)).await?;
    txn.commit().await?;
    Ok(Rotated { relinked, resealed })
}

#[cfg(test)]
mod tests;
