use chrono::NaiveDate;
use leptos::prelude::*;

use super::types::{DeskForm, DeskSettings, Holiday, HolidayForm};
use crate::error::AppError;

/// The desk's hours, holidays and targets, for its settings screen.
#[server]
pub async fn get_desk() -> Result<DeskSettings, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::get(&conn, &signed).await
}

/// Saves the desk's working days, hours and targets; tickets at work are filed anew.
#[server]
pub async fn save_desk(form: DeskForm) -> Result<DeskSettings, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::save(&conn, &signed, &form, chrono::Utc::now()).await
}

/// Adds a day the desk does not work, which no target counts.
#[server]
pub async fn add_holiday(form: HolidayForm) -> Result<Vec<Holiday>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::add_holiday(&conn, &signed, &form).await
}

#[server]
pub async fn remove_holiday(day: NaiveDate) -> Result<Vec<Holiday>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::remove_holiday(&conn, &signed, day).await
}
