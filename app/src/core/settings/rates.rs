//! Exchange rates into the base currency, entered by the owner, for totals over deals in
//! several currencies.

pub mod entity;

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use self::entity::{ActiveModel, Column, Entity};
use super::types::ExchangeRate;
use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::policy::Action;
use crate::core::policy::require;
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::choices::{CURRENCIES, is_one_of};
use clean::rates::{Rates, format_rate, parse_rate};

/// The rates with the base currency they lead to.
pub async fn get<C: ConnectionTrait>(conn: &C) -> Result<Rates, AppError> {
    let base = super::service::get(conn)
        .await?
        .map(|s| s.base_currency)
        .unwrap_or_else(|| "CNY".to_owned());
    let per_unit_nano: BTreeMap<String, i64> = Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .filter(|r| r.currency != base)
        .map(|r| (r.currency, r.per_unit_nano))
        .collect();
    Ok(Rates {
        base,
        per_unit_nano,
    })
}

/// The rates as the settings screen lists them.
pub async fn list(conn: &DatabaseConnection) -> Result<Vec<ExchangeRate>, AppError> {
    Ok(Entity::find()
        .order_by_asc(Column::Currency)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| ExchangeRate {
            currency: r.currency,
            rate: format_rate(r.per_unit_nano),
            updated_at: r.updated_at,
        })
        .collect())
}

/// Sets the rate of one currency, replacing the one it had.
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    currency: &str,
    rate: &str,
) -> Result<(), AppError> {
    require(conn, actor, Action::ManageSettings, "exchange_rate.save").await?;
    let base = get(conn).await?.base;
    let mut check = FieldCheck::default();
    let currency = currency.trim();
    if !is_one_of(CURRENCIES, currency) || currency == base {
        check.refuse("currency", Invalid::Choice);
    }
    let rate = check.check("rate", parse_rate(rate));
    check.finish()?;
    let Some(rate) = rate else {
        return Err(AppError::invalid("rate", Invalid::Amount));
    };
    let txn = crate::core::db::write(conn).await?;
    Entity::insert(ActiveModel {
        currency: Set(currency.to_owned()),
        per_unit_nano: Set(rate),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(Column::Currency)
            .update_columns([Column::PerUnitNano, Column::UpdatedAt])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    let changes = serde_json::json!({ "currency": currency, "rate": format_rate(rate) });
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "exchange_rate.save",
            "exchange_rate",
            None,
        )
        .changes(changes),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Forgets the rate of one currency: its amounts drop out of totals, and say so.
pub async fn remove(
    conn: &DatabaseConnection,
    actor: &Actor,
    currency: &str,
) -> Result<(), AppError> {
    require(conn, actor, Action::ManageSettings, "exchange_rate.remove").await?;
    let txn = crate::core::db::write(conn).await?;
    Entity::delete_many()
        .filter(Column::Currency.eq(currency))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "exchange_rate.remove",
            "exchange_rate",
            None,
        )
        .changes(serde_json::json!({ "currency": currency })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
