//! `GET /api/v1/contacts` (a page of the list, narrowed as the screen narrows it: `q`, `owner`,
//! `company`, `lifecycle`, `source`, `tag`, `created_from`, `created_to`, `segment`, `sort`;
//! `after` is the `next` of the page before), `POST /api/v1/contacts` (a new contact; an
//! `Idempotency-Key` makes a retry safe), `GET /api/v1/contacts/{id}` and
//! `PATCH /api/v1/contacts/{id}` (the fields sent change, the others stay; `If-Match` names
//! the version read, and an empty text empties a field).

use app::auth::tokens::types::Area;
use app::core::code::TextCode;
use app::customers::service;
use app::customers::types::{Contact, ContactForm, ContactQuery, Lifecycle, Source};
use app::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::body::Body;
use super::versions::{IfMatch, tagged};
use super::{Caller, IdempotencyKey, sent_or};

/// Where contacts live: a new one's `Location` is under it.
const UNDER: &str = "/api/v1/contacts";

/// A contact as a program sends it. On a create, `name` is needed (or a given and family
/// name); on a change, only the fields sent change.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub wechat_id: Option<String>,
    pub city: Option<String>,
    /// The company's name: one of that name is made if none exists.
    pub company: Option<String>,
    /// `web`, `social`, `email`, `phone`, `referral`, `import` or `other` (a new contact's,
    /// unless named).
    pub source: Option<String>,
    /// `lead` (a new contact's, unless named), `prospect`, `customer` or `churned`.
    pub lifecycle: Option<String>,
    /// A teammate's id; empty for nobody.
    pub owner_id: Option<String>,
    pub tags: Option<Vec<String>>,
    pub marketing_consent: Option<bool>,
}

impl ContactInput {
    /// The screens' form: what is sent, over `current` (a change) or nothing (a create).
    fn over(self, current: Option<&Contact>) -> ContactForm {
        let held =
            |field: fn(&Contact) -> &Option<String>| current.and_then(|c| field(c).as_deref());
        let base = match current {
            Some(c) => ContactForm {
                name: c.name.clone(),
                source: c.source.as_str().to_owned(),
                lifecycle: c.lifecycle.as_str().to_owned(),
                owner_id: c.owner_id.map(|id| id.to_string()).unwrap_or_default(),
                tags: c.tags.join(","),
                marketing_consent: c.marketing_consent.then(|| "on".to_owned()),
                ..ContactForm::default()
            },
            None => ContactForm {
                source: Source::Other.as_str().to_owned(),
                lifecycle: Lifecycle::Lead.as_str().to_owned(),
                ..ContactForm::default()
            },
        };
        ContactForm {
            name: self.name.unwrap_or(base.name),
            given_name: sent_or(self.given_name, held(|c| &c.given_name)),
            family_name: sent_or(self.family_name, held(|c| &c.family_name)),
            email: sent_or(self.email, held(|c| &c.email)),
            phone: sent_or(self.phone, held(|c| &c.phone)),
            wechat_id: sent_or(self.wechat_id, held(|c| &c.wechat_id)),
            city: sent_or(self.city, held(|c| &c.city)),
            company: sent_or(self.company, held(|c| &c.company_name)),
            source: self.source.unwrap_or(base.source),
            lifecycle: self.lifecycle.unwrap_or(base.lifecycle),
            owner_id: self.owner_id.unwrap_or(base.owner_id),
            tags: self.tags.map_or(base.tags, |tags| tags.join(",")),
            marketing_consent: self
                .marketing_consent
                .map_or(base.marketing_consent, |yes| yes.then(|| "on".to_owned())),
            id: None,
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
    let page = service::list(&conn, actor, &ContactQuery::from_params(param)).await?;
    Ok(Json(page).into_response())
}

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    let contact = service::get(&conn, actor, id).await?;
    Ok(tagged(&contact, contact.version))
}

pub async fn create(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    key: IdempotencyKey,
    Body(input): Body<ContactInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, true)?;
    let form = input.clone().over(None);
    super::create(&conn, actor, key, &input, UNDER, async |txn| {
        service::create(txn, actor, &form).await
    })
    .await
}

pub async fn update(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Body(input): Body<ContactInput>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, true)?;
    let current = service::get(&conn, actor, id).await?;
    let form = input.over(Some(&current));
    let after = service::update(&conn, actor, id, &form, version)
        .await
        .map_err(AppError::stale)?;
    Ok(tagged(&after, after.version))
}
