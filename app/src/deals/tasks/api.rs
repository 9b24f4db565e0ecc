use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Task, TaskForm, TaskGroups};
use crate::error::AppError;

/// The user's open tasks: overdue, today and later.
#[server]
pub async fn my_tasks() -> Result<TaskGroups, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::mine(&conn, &signed, chrono::Utc::now()).await
}

/// The tasks of a deal or of a contact.
#[server]
pub async fn record_tasks(
    deal_id: Option<Uuid>,
    contact_id: Option<Uuid>,
) -> Result<Vec<Task>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::of_record(&conn, &signed, deal_id, contact_id).await
}

/// Adds a task, for the user or a teammate.
#[server]
pub async fn create_task(form: TaskForm) -> Result<Task, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::create(&conn, &signed, &form, chrono::Utc::now()).await
}

/// Ticks a task off, or opens it again.
#[server]
pub async fn finish_task(id: Uuid, version: i32, done: bool) -> Result<Task, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::set_done(&conn, &signed, id, version, done, chrono::Utc::now()).await
}

/// Moves a task to another time, given in the user's time zone.
#[server]
pub async fn reschedule_task(id: Uuid, version: i32, due: String) -> Result<Task, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::reschedule(&conn, &signed, id, version, &due, chrono::Utc::now()).await
}

/// Puts a task off to tomorrow, at the same time.
#[server]
pub async fn snooze_task(id: Uuid, version: i32) -> Result<Task, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::snooze(&conn, &signed, id, version, chrono::Utc::now()).await
}
