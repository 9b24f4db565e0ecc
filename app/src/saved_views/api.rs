use leptos::prelude::*;
use uuid::Uuid;

use super::types::SavedView;
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// The user's saved views of a list.
#[server]
pub async fn list_saved_views(list: String) -> Result<Vec<SavedView>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?, &list).await
}

/// Saves the list as the user has narrowed it, under a name.
#[server]
pub async fn save_view(list: String, name: String, query: String) -> Result<SavedView, AppError> {
    super::service::save(&context::conn()?, &context::actor()?, &list, &name, &query).await
}

/// Deletes one of the user's saved views.
#[server]
pub async fn delete_view(id: Uuid) -> Result<(), AppError> {
    super::service::delete(&context::conn()?, &context::actor()?, id).await
}
