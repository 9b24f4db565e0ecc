use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Rule, RuleForm, RuleLine, Run};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// Every automation rule, with how its runs went.
#[server]
pub async fn list_rules() -> Result<Vec<RuleLine>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?).await
}

#[server]
pub async fn get_rule(id: Uuid) -> Result<Rule, AppError> {
    super::service::get(&context::conn()?, &context::actor()?, id).await
}

/// Saves a new rule or the edit of one; a new rule's page opens once it is saved.
#[server]
pub async fn save_rule(form: RuleForm) -> Result<Rule, AppError> {
    let saved = super::service::save(
        &context::conn()?,
        &context::actor()?,
        &form,
        chrono::Utc::now(),
    )
    .await?;
    if form.id.is_empty() {
        context::redirect(&format!("/automation/{}", saved.id));
    }
    Ok(saved)
}

/// Deletes a rule and its run log, then shows the rules.
#[server]
pub async fn delete_rule(id: Uuid, version: i32) -> Result<(), AppError> {
    super::service::delete(&context::conn()?, &context::actor()?, id, version).await?;
    context::redirect("/automation");
    Ok(())
}

/// The rule's latest runs, newest first.
#[server]
pub async fn rule_runs(id: Uuid) -> Result<Vec<Run>, AppError> {
    super::service::runs(&context::conn()?, &context::actor()?, id).await
}
