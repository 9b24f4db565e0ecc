use leptos::prelude::*;
use uuid::Uuid;

use super::types::{
    History, Interaction, InteractionForm, Order, OrderChange, OrderForm, OrderTotals,
};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// A page of a contact's timeline, for its page.
#[server]
pub async fn get_history(contact_id: Uuid, after: Option<String>) -> Result<History, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    super::service::history(&conn, &signed, contact_id, after.as_deref()).await
}

/// A contact's revenue, order count and first and last order.
#[server]
pub async fn get_order_totals(contact_id: Uuid) -> Result<OrderTotals, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    super::service::totals(&conn, &signed, contact_id).await
}

/// Logs a call, email, meeting, note or SMS on the contact's page.
#[server]
pub async fn log_interaction(
    contact_id: Uuid,
    form: InteractionForm,
) -> Result<Interaction, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    let logged = super::service::log(&conn, &signed, contact_id, &form, chrono::Utc::now()).await?;
    context::redirect_form_post(&format!("/contacts/{contact_id}"));
    Ok(logged)
}

/// Records an order on the contact's page.
#[server]
pub async fn add_order(contact_id: Uuid, form: OrderForm) -> Result<Order, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    let order =
        super::orders::add_order(&conn, &signed, contact_id, &form, chrono::Utc::now()).await?;
    context::redirect_form_post(&format!("/contacts/{contact_id}"));
    Ok(order)
}

/// Marks an order paid, shipped, cancelled or refunded, at the version the page read.
#[server]
pub async fn change_order(id: Uuid, change: OrderChange, version: i32) -> Result<Order, AppError> {
    let (conn, signed) = (context::conn()?, context::actor()?);
    let now = chrono::Utc::now();
    let order = super::orders::change_order(&conn, &signed, id, &change, version, now).await?;
    if let Some(contact_id) = order.contact_id {
        context::redirect_form_post(&format!("/contacts/{contact_id}"));
    }
    Ok(order)
}
