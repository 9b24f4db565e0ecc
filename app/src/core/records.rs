//! Reading one record and writing it back at the version it was read at: the two steps every
//! edit takes, written once.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PrimaryKeyTrait, QueryFilter, UpdateMany, Value,
};
use uuid::Uuid;

use crate::error::AppError;

/// The row `id` of `E`, or `NotFound`.
pub async fn find_or_404<E, C>(conn: &C, id: Uuid) -> Result<E::Model, AppError>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    C: ConnectionTrait,
{
    E::find_by_id(id).one(conn).await?.ok_or(AppError::NotFound)
}

/// The id of a new record: the one its client made, if it is a UUID v7 as the server makes
/// them (a device offline makes the ids of what it adds, so that its later writes can name
/// them), else a new one.
pub fn new_id(given: Option<Uuid>) -> Result<Uuid, AppError> {
    match given {
        None => Ok(Uuid::now_v7()),
        Some(id) if id.get_version_num() == 7 => Ok(id),
        Some(_) => Err(AppError::invalid("id", crate::error::Invalid::Choice)),
    }
}

/// A table whose rows carry an id, a version raised by every write, and the time of the last
/// write.
pub trait Versioned: EntityTrait {
    const ID: Self::Column;
    const VERSION: Self::Column;
    const UPDATED_AT: Self::Column;
}

/// Declares a SeaORM entity [`Versioned`] through its `id`, `version` and `updated_at`
/// columns.
macro_rules! versioned {
    ($($entity:path),* $(,)?) => {
        $(
            impl $crate::core::records::Versioned for $entity {
                const ID: <$entity as sea_orm::EntityTrait>::Column =
                    <$entity as sea_orm::EntityTrait>::Column::Id;
                const VERSION: <$entity as sea_orm::EntityTrait>::Column =
                    <$entity as sea_orm::EntityTrait>::Column::Version;
                const UPDATED_AT: <$entity as sea_orm::EntityTrait>::Column =
                    <$entity as sea_orm::EntityTrait>::Column::UpdatedAt;
            }
        )*
    };
}

pub(crate) use versioned;

/// Writes `update` to the row `id` only if it is still at `version`, raising the version and
/// stamping the time. When someone wrote it since, nothing is written and the answer is a
/// `Conflict` carrying the record as `current` reads it now, so the user sees both.
pub async fn update_versioned<E, C, T>(
    conn: &C,
    update: UpdateMany<E>,
    id: impl Into<Value>,
    version: i32,
    now: DateTime<Utc>,
    current: impl AsyncFnOnce() -> Result<T, AppError>,
) -> Result<(), AppError>
where
    E: Versioned,
    C: ConnectionTrait,
    T: serde::Serialize,
{
    let written = bumped(update, now)
        .filter(E::ID.eq(id))
        .filter(E::VERSION.eq(version))
        .exec(conn)
        .await?;
    if written.rows_affected == 0 {
        return Err(AppError::conflict(&current().await?));
    }
    Ok(())
}

/// `update` raising the version and stamping the time, without naming the version it read:
/// for what the system writes on its own (a merge, an unsubscribe, a rule), after which an
/// edit opened before still conflicts instead of putting old values back.
pub fn bumped<E: Versioned>(update: UpdateMany<E>, now: DateTime<Utc>) -> UpdateMany<E> {
    update
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .col_expr(E::UPDATED_AT, Expr::value(now))
}
