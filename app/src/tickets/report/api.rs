use leptos::prelude::*;

use super::types::SlaReport;
use crate::error::AppError;

/// Targets met and missed, and satisfaction, over the last `days`.
#[server]
pub async fn get_sla_report(days: u32) -> Result<SlaReport, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::sla(&conn, &signed, days, chrono::Utc::now()).await
}
