//! Results too costly to compute per request, kept between requests with the stamp of the data
//! they were made from. A reader reads the stamp as it stands now: the kept result serves only
//! if it was made under the same one, so nothing stale is served and no writer has to tell the
//! memo anything (the database moves the stamps, see `revision`).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use sea_orm::{ConnectionTrait, EntityTrait};
use tokio::sync::Mutex;

use crate::error::AppError;

type Kept = Arc<dyn Any + Send + Sync>;

/// One result of each type; clones share it.
#[derive(Clone, Default)]
pub struct Memo(Arc<Mutex<HashMap<TypeId, Kept>>>);

impl Memo {
    /// The `V` made under `stamp`, made by `make` when the one kept was made under another (or
    /// none is kept). Held while it is made, so that readers who come meanwhile wait for it
    /// rather than each make their own.
    pub async fn get_or_make<S, V, F>(&self, stamp: S, make: F) -> Result<Arc<V>, AppError>
    where
        S: PartialEq + Send + Sync + 'static,
        V: Send + Sync + 'static,
        F: Future<Output = Result<V, AppError>>,
    {
        let mut kept = self.0.lock().await;
        if let Some((made, value)) = kept
            .get(&TypeId::of::<V>())
            .and_then(|k| k.downcast_ref::<(S, Arc<V>)>())
            && *made == stamp
        {
            return Ok(value.clone());
        }
        let value = Arc::new(make.await?);
        kept.insert(TypeId::of::<V>(), Arc::new((stamp, value.clone())));
        Ok(value)
    }
}

/// How many times `name`'s rows have changed: a trigger in the database moves it in the
/// writing transaction (migration 30 keeps "orders").
pub async fn revision<C: ConnectionTrait>(conn: &C, name: &str) -> Result<i64, AppError> {
    entity::Entity::find_by_id(name)
        .one(conn)
        .await?
        .map(|r| r.value)
        .ok_or_else(|| AppError::internal(format!("no revision of {name}")))
}

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "revisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        pub value: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn makes_again_only_under_another_stamp() {
        let memo = Memo::default();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |v: u32| {
            let made = &made;
            async move {
                made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Ok::<_, AppError>(v)
            }
        };
        assert_eq!(*memo.get_or_make(1_i64, make(10)).await.unwrap(), 10);
        assert_eq!(*memo.get_or_make(1_i64, make(11)).await.unwrap(), 10);
        assert_eq!(*memo.get_or_make(2_i64, make(12)).await.unwrap(), 12);
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 2);
        let failed = memo
            .get_or_make(3_i64, async { Err::<u32, _>(AppError::internal("no")) })
            .await;
        assert!(failed.is_err());
        assert_eq!(*memo.get_or_make(2_i64, make(13)).await.unwrap(), 12);
    }
}
