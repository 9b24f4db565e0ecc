//! A data-subject export: everything Banyan holds about one person, as JSON.

use chrono::Utc;
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::policy::Action;
use crate::customers::history;
use crate::customers::service::authorize;
use crate::error::AppError;

/// Everything Banyan holds about one person: the contact, their history, orders, deals and
/// tickets.
pub async fn subject(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<serde_json::Value, AppError> {
    let contact = authorize(
        conn,
        actor,
        id,
        Action::ViewCustomer,
        "contact.subject_export",
    )
    .await?;
    let (interactions, orders) = history::service::everything(conn, id).await?;
    let deals = crate::deals::service::of_contact(conn, actor, id).await?;
    let tickets = crate::tickets::service::everything(conn, id).await?;
    let txn = crate::core::db::write(conn).await?;
    audit::record(
        &txn,
        audit::Entry::new(
            Some(actor.user.id),
            "contact.subject_export",
            "contact",
            Some(id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(json!({
        "exported_at": Utc::now(),
        "contact": contact,
        "interactions": interactions,
        "orders": orders,
        "deals": deals,
        "tickets": tickets,
    }))
}
