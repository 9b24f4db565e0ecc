//! What an owner reads first about sales: the revenue won in a month, and the open pipeline
//! with its weight. The database sums the amounts by currency (and stage), so no figure reads
//! every deal.

use analytics::forecast::Month;
use chrono_tz::Tz;
use clean::rates::{Rates, Total};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::amount_sum;
use super::forecast::start_of;
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy;
use crate::deals::entity::deal;
use crate::deals::types::{Pipeline, StageKind, weighted};
use crate::error::AppError;

/// The deals the actor may see, which the sums below are taken over.
pub async fn visible(conn: &DatabaseConnection, actor: &Actor) -> Result<Condition, AppError> {
    let all = Condition::all().add(deal::Column::ArchivedAt.is_null());
    Ok(
        match policy::visible::<deal::Entity, _>(conn, actor).await? {
            Some(visible) => all.add(visible),
            None => all,
        },
    )
}

/// The revenue won in `month` of `zone` among `deals`, in the base currency.
pub async fn won_in(
    conn: &DatabaseConnection,
    deals: &Condition,
    month: Month,
    zone: Tz,
    rates: &Rates,
) -> Result<Total, AppError> {
    let sums: Vec<(String, i64)> = deal::Entity::find()
        .select_only()
        .column(deal::Column::Currency)
        .column_as(amount_sum(), "total")
        .filter(deals.clone())
        .filter(deal::Column::Status.eq(StageKind::Won.as_str()))
        .filter(deal::Column::ClosedAt.gte(start_of(month, zone)))
        .filter(deal::Column::ClosedAt.lt(start_of(month.next(), zone)))
        .group_by(deal::Column::Currency)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rates.total(
        sums.iter()
            .map(|(currency, total)| (*total, currency.as_str())),
    ))
}

/// The open deals' total among `deals`, and that total weighted by the chance of winning of
/// each stage of `pipelines`, in the base currency.
pub async fn pipeline(
    conn: &DatabaseConnection,
    deals: &Condition,
    rates: &Rates,
    pipelines: &[Pipeline],
) -> Result<(Total, i64), AppError> {
    let sums: Vec<(Uuid, String, i64)> = deal::Entity::find()
        .select_only()
        .column(deal::Column::StageId)
        .column(deal::Column::Currency)
        .column_as(amount_sum(), "total")
        .filter(deals.clone())
        .filter(deal::Column::Status.eq(StageKind::Open.as_str()))
        .group_by(deal::Column::StageId)
        .group_by(deal::Column::Currency)
        .into_tuple()
        .all(conn)
        .await?;
    let total = rates.total(
        sums.iter()
            .map(|(_, currency, total)| (*total, currency.as_str())),
    );
    let weight = pipelines
        .iter()
        .flat_map(|p| &p.stages)
        .map(|stage| {
            let here = sums
                .iter()
                .filter(|(id, ..)| *id == stage.id)
                .map(|(_, currency, total)| (*total, currency.as_str()));
            weighted(stage, rates.total(here).minor)
        })
        .sum();
    Ok((total, weight))
}
