//! Creates sent with an `Idempotency-Key`: the first answer is kept a day under the token and
//! the key, and the same request sent again (a retry whose answer was lost) gets that answer
//! without making anything twice. The same key with another body is refused: it is a
//! mistake of the caller's, and answering it the first answer would hide that.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::core::db;
use crate::error::{AppError, Invalid};

/// How long a key holds: longer than any caller retries one request.
const KEPT: Duration = Duration::hours(24);

/// The longest key taken; a UUID is the usual one.
pub const KEY_MAX: usize = 255;

pub mod entity {
    use sea_orm::entity::prelude::*;

    /// A create a token sent with a key, and the answer it got.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "api_requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        /// The SHA-256 of the request, to tell the same request from another one.
        pub fingerprint: String,
        pub status: i16,
        pub body: Json,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{ActiveModel, Column, Entity};

/// An answer: its status and body; `replayed` when it is the one kept from the first time.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub replayed: bool,
}

/// A key as a caller sends it: visible ASCII, at most `KEY_MAX` long.
pub fn parse_key(key: &[u8]) -> Result<String, AppError> {
    let field = "Idempotency-Key";
    if key.is_empty() {
        return Err(AppError::invalid(field, Invalid::Required));
    }
    if key.len() > KEY_MAX {
        return Err(AppError::invalid(field, Invalid::TooLong { max: KEY_MAX }));
    }
    if !key.iter().all(u8::is_ascii_graphic) {
        return Err(AppError::invalid(field, Invalid::Type));
    }
    Ok(String::from_utf8_lossy(key).into_owned())
}

/// Runs `make` in a transaction and keeps its answer under `token` and `key`; or gives the
/// answer kept, when the same request came before. An error keeps nothing: the caller may
/// send the request again once it is put right.
pub async fn once<F>(
    conn: &DatabaseConnection,
    token: Uuid,
    key: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
    make: F,
) -> Result<Answer, AppError>
where
    F: AsyncFnOnce(&DatabaseTransaction) -> Result<(u16, Value), AppError>,
{
    let txn = db::write(conn).await?;
    Entity::delete_many()
        .filter(Column::TokenId.eq(token))
        .filter(Column::CreatedAt.lt(now - KEPT))
        .exec(&txn)
        .await?;
    let claim = ActiveModel {
        token_id: Set(token),
        key: Set(key.to_owned()),
        fingerprint: Set(fingerprint.to_owned()),
        status: Set(0),
        body: Set(Value::Null),
        created_at: Set(now),
    };
    if !db::claim(&txn, claim).await? {
        drop(txn);
        let kept = Entity::find_by_id((token, key.to_owned()))
            .one(conn)
            .await?
            .ok_or(AppError::Internal)?;
        if kept.fingerprint != fingerprint {
            return Err(AppError::invalid("Idempotency-Key", Invalid::KeyReused));
        }
        return Ok(Answer {
            status: u16::try_from(kept.status).map_err(AppError::internal)?,
            body: kept.body,
            replayed: true,
        });
    }
    let (status, body) = make(&txn).await?;
    ActiveModel {
        token_id: Set(token),
        key: Set(key.to_owned()),
        status: Set(i16::try_from(status).map_err(AppError::internal)?),
        body: Set(body.clone()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(Answer {
        status,
        body,
        replayed: false,
    })
}
