//! `GET /api/v1/companies` (a page of the list: `q`, `owner`, and `after`, the `next` of the
//! page before), `GET /api/v1/companies/{id}` and `PATCH /api/v1/companies/{id}` (the fields
//! sent change, at the version named in `If-Match`). A company is made by naming it on a
//! contact.

use app::auth::tokens::types::Area;
use app::customers::companies::service;
use app::customers::companies::types::{Company, CompanyForm, CompanyQuery};
use app::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use uuid::Uuid;

use super::body::Body;
use super::versions::{IfMatch, tagged};
use super::{Caller, sent_or};

/// A change of a company: only the fields sent change, and `""` empties one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyInput {
    pub name: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    /// A two-letter ISO 3166 code (`CN`).
    pub country: Option<String>,
    pub industry: Option<String>,
    /// A teammate's id; empty for nobody.
    pub owner_id: Option<String>,
}

impl CompanyInput {
    fn over(self, current: &Company) -> CompanyForm {
        let owner = current.owner_id.map(|id| id.to_string());
        CompanyForm {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            website: sent_or(self.website, current.website.as_deref()),
            email: sent_or(self.email, current.email.as_deref()),
            phone: sent_or(self.phone, current.phone.as_deref()),
            city: sent_or(self.city, current.city.as_deref()),
            country: sent_or(self.country, current.country.as_deref()),
            industry: sent_or(self.industry, current.industry.as_deref()),
            owner_id: sent_or(self.owner_id, owner.as_deref()),
        }
    }
}

pub async fn list(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    let param = |name: &str| crate::api::param(&params, name).map(str::to_owned);
    let page = service::list(&conn, actor, &CompanyQuery::from_params(param)).await?;
    Ok(Json(page).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    let company = service::get(&conn, actor, id).await?;
    Ok(tagged(&company, company.version))
}

pub async fn update(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Body(input): Body<CompanyInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, true)?;
    let current = service::get(&conn, actor, id).await?;
    let after = service::update(&conn, actor, id, &input.over(&current), version)
        .await
        .map_err(AppError::stale)?;
    Ok(tagged(&after, after.version))
}
