use leptos::prelude::*;

use super::types::PipelineForm;
use crate::deals::types::Pipeline;
use crate::error::AppError;

/// Every pipeline with its stages, for the pipelines screen.
#[server]
pub async fn list_pipelines() -> Result<Vec<Pipeline>, AppError> {
    crate::core::context::actor()?;
    super::service::all(&crate::core::context::conn()?).await
}

/// Saves a pipeline and its stages, as the owner or a manager arranged them.
#[server]
pub async fn save_pipeline(form: PipelineForm) -> Result<Pipeline, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::save(&conn, &signed, &form).await
}
