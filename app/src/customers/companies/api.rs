use leptos::prelude::*;
use uuid::Uuid;

use super::types::{Company, CompanyForm, CompanyPage, CompanyQuery};
use crate::customers::history::types::OrderTotals;
use crate::error::AppError;

/// One page of the companies list (which also works without JavaScript).
#[server]
pub async fn list_companies(query: CompanyQuery) -> Result<CompanyPage, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::list(&conn, &signed, &query).await
}

#[server]
pub async fn get_company(id: Uuid) -> Result<Company, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::get(&conn, &signed, id).await
}

/// Saves an edit of the version the user read; a stale one is a conflict, never an overwrite.
#[server]
pub async fn update_company(
    id: Uuid,
    version: i32,
    form: CompanyForm,
) -> Result<Company, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let company = super::service::update(&conn, &signed, id, &form, version).await?;
    crate::core::context::redirect(&format!("/companies/{id}"));
    Ok(company)
}

/// The revenue of everyone at the company.
#[server]
pub async fn get_company_totals(id: Uuid) -> Result<OrderTotals, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::totals(&conn, &signed, id).await
}
