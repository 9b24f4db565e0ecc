//! Every table of a workspace, each after the tables its rows refer to, so that a restore can
//! insert them in the order a backup wrote them with the foreign keys checked. The tests hold
//! the list to the database: a table missing from it, or out of order, fails them.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use sea_orm::{
    ActiveModelTrait, DatabaseTransaction, EntityName, EntityTrait, IntoActiveModel, Iterable,
    PrimaryKeyToColumn, QueryOrder,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Line, Writer};
use crate::error::{AppError, Invalid};

/// Rows inserted by one statement: well under the bound parameters both databases take.
const BATCH: usize = 200;

/// Tables that the migrations fill with their first values: a restore empties them before it
/// inserts the backup's.
pub const SEEDED: [&str; 2] = ["counters", "revisions"];

macro_rules! tables {
    ($($entity:ty,)*) => {
        /// The tables, in the order a backup writes them.
        pub fn names() -> Vec<&'static str> {
            vec![$(<$entity>::default().table_name()),*]
        }

        /// Writes every table's rows, each table in the order of its primary key, and
        /// counts them.
        pub async fn dump(
            txn: &DatabaseTransaction,
            file: &mut Writer,
            counts: &mut BTreeMap<String, u64>,
        ) -> Result<(), AppError> {
            $(
                let table = <$entity>::default().table_name();
                counts.insert(table.to_owned(), dump_one::<$entity>(txn, table, file).await?);
            )*
            Ok(())
        }

        /// Inserts rows of `table`, as `dump` wrote them.
        pub async fn load(
            txn: &DatabaseTransaction,
            table: &str,
            rows: Vec<serde_json::Value>,
        ) -> Result<(), AppError> {
            $(
                if table == <$entity>::default().table_name() {
                    return load_one::<$entity>(txn, rows).await;
                }
            )*
            Err(AppError::invalid("file", Invalid::BackupDamaged))
        }
    };
}

use crate::campaigns::{automation, campaign};
use crate::core::{audit, memo, outbox, settings, users};
use crate::customers::{entity as customers, history, import, segments};
use crate::deals::{entity as deals, tasks};
use crate::tickets::{attachments, desk, entity as tickets};

tables! {
    users::entity::team::Entity,
    users::entity::user::Entity,
    crate::auth::entity::session::Entity,
    crate::auth::two_factor::entity::secret::Entity,
    crate::auth::two_factor::entity::recovery_code::Entity,
    crate::auth::tokens::entity::Entity,
    crate::auth::tokens::requests::entity::Entity,
    settings::entity::Entity,
    settings::rates::entity::Entity,
    tickets::counter::Entity,
    outbox::entity::Entity,
    audit::entity::Entity,
    customers::company::Entity,
    customers::contact::Entity,
    customers::contact_tag::Entity,
    history::entity::interaction::Entity,
    history::entity::order::Entity,
    history::entity::order_line::Entity,
    crate::saved_views::entity::Entity,
    import::entity::import_job::Entity,
    import::entity::import_rejection::Entity,
    crate::duplicates::entity::contact_merge::Entity,
    crate::duplicates::entity::contact_merge_member::Entity,
    crate::web_forms::entity::Entity,
    deals::pipeline::Entity,
    deals::stage::Entity,
    deals::deal::Entity,
    deals::stage_change::Entity,
    deals::comment::Entity,
    tasks::entity::Entity,
    desk::entity::hours::Entity,
    desk::entity::policy::Entity,
    desk::entity::holiday::Entity,
    tickets::canned::Entity,
    tickets::ticket::Entity,
    tickets::tag::Entity,
    tickets::message::Entity,
    tickets::read::Entity,
    attachments::entity::Entity,
    crate::notifications::entity::Entity,
    segments::entity::segment::Entity,
    segments::entity::segment_member::Entity,
    campaign::entity::campaign::Entity,
    campaign::entity::recipient::Entity,
    campaign::entity::event::Entity,
    automation::entity::rule::Entity,
    automation::entity::run::Entity,
    crate::sync::entity::Entity,
    crate::backup::entity::Entity,
    crate::webhooks::entity::webhook::Entity,
    crate::webhooks::entity::delivery::Entity,
    // Last: triggers count the changes of other tables in it (see `core::memo`), and would
    // count the rows a restore inserts on top of the counts it restores.
    memo::entity::Entity,
}

async fn dump_one<E>(
    txn: &DatabaseTransaction,
    table: &str,
    file: &mut Writer,
) -> Result<u64, AppError>
where
    E: EntityTrait,
    E::Model: Serialize + Send + Sync,
{
    file.line(&Line::Table(table.to_owned()))?;
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    let mut rows = query.stream(txn).await?;
    let mut count = 0;
    while let Some(row) = rows.try_next().await? {
        let row = serde_json::to_value(&row).map_err(AppError::internal)?;
        file.line(&Line::Row(row))?;
        count += 1;
    }
    Ok(count)
}

async fn load_one<E>(
    txn: &DatabaseTransaction,
    rows: Vec<serde_json::Value>,
) -> Result<(), AppError>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let models = rows
        .into_iter()
        .map(|row| {
            serde_json::from_value::<E::Model>(row)
                .map(IntoActiveModel::into_active_model)
                .map_err(|_| AppError::invalid("file", Invalid::BackupDamaged))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let batch: Vec<_> = models.by_ref().take(BATCH).collect();
        E::insert_many(batch).exec_without_returning(txn).await?;
    }
    Ok(())
}
