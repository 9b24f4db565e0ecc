//! Erasing a person for a data-subject request: their record, tags, history and tickets (with
//! the tickets' files) go, their orders stay for the books without the link to them, and the
//! audit log keeps that it happened but no longer what they were called.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::core::actor::Actor;
use crate::core::events::{Event, Record};
use crate::core::files::Store;
use crate::core::policy::Action;
use crate::core::{audit, outbox};
use crate::customers::entity::contact;
use crate::customers::history::entity::order;
use crate::customers::service::authorize;
use crate::error::{AppError, Invalid};

/// Erases the contact `id`, once `confirm` repeats their name. Owners and managers only.
pub async fn erase(
    conn: &DatabaseConnection,
    files: &Store,
    actor: &Actor,
    id: Uuid,
    confirm: &str,
) -> Result<(), AppError> {
    let contact = authorize(conn, actor, id, |_| Action::EraseCustomer, "contact.erase").await?;
    if confirm.split_whitespace().collect::<Vec<_>>().join(" ") != contact.name {
        return Err(AppError::invalid("confirm", Invalid::Confirmation));
    }
    let txn = crate::core::db::write(conn).await?;
    let file_keys = crate::tickets::attachments::service::keys_of_contact(&txn, id).await?;
    let orders_kept = order::Entity::update_many()
        .col_expr(order::Column::ContactId, Expr::value(Option::<Uuid>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::ContactId.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    crate::duplicates::merge::forget(&txn, id).await?;
    // Tags, history and tickets go with the person (foreign keys cascade).
    contact::Entity::delete_by_id(id).exec(&txn).await?;
    audit::entity::Entity::update_many()
        .col_expr(
            audit::entity::Column::Changes,
            Expr::value(Option::<serde_json::Value>::None),
        )
        .filter(audit::entity::Column::RecordType.eq("contact"))
        .filter(audit::entity::Column::RecordId.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "contact.erase", "contact", Some(id))
            .changes(json!({ "orders_kept": orders_kept })),
    )
    .await?;
    outbox::enqueue(&txn, &Event::ContactErased(Record { id })).await?;
    txn.commit().await?;
    // Once the rows are gone for good; a file left by a failure here is swept within the hour.
    for key in file_keys {
        if let Err(err) = files.remove(&key).await {
            tracing::warn!(?err, "an erased person's file stays until the next sweep");
        }
    }
    Ok(())
}
