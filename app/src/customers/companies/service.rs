//! Companies: every rule about reading and editing them.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::types::{Company, CompanyForm, CompanyPage, CompanyQuery, CompanyRow};
use crate::core::actor::Actor;
use crate::core::cursor;
use crate::core::events::{Event, Named};
use crate::core::parse::{self, Email, Phone};
use crate::core::policy::require;
use crate::core::policy::{self, Action, Scope};
use crate::core::users::owned;
use crate::core::users::{is_active, names};
use crate::core::{audit, outbox, records, settings};
use crate::customers::entity::{company, contact};
use crate::customers::history::entity::order;
use crate::customers::history::service::revenue;
use crate::customers::history::types::OrderTotals;
use crate::customers::service::list::{escape_like, needle};
use crate::customers::service::{optional, search_text};
use crate::error::{AppError, FieldCheck, Invalid};

pub const PAGE_SIZE: u64 = 50;

/// A company form that passed every check.
pub(crate) struct ValidCompany {
    pub name: String,
    pub website: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub industry: Option<String>,
    pub owner_id: Option<Uuid>,
}

/// A two-letter country code, as ISO 3166 writes them.
fn country_code(value: &str) -> Result<String, Invalid> {
    let code = value.trim().to_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(Invalid::Choice)
    }
}

/// Checks a company form; phone numbers without a country code take `country`'s.
pub(crate) fn validate(
    form: &CompanyForm,
    country: &str,
    check: &mut FieldCheck,
) -> Option<ValidCompany> {
    let name = check.check("name", parse::text(&form.name, 200));
    let website = check.check("website", parse::optional_text(&form.website, 200));
    let email = check.check("email", optional(&form.email, Email::parse));
    let phone = check.check("phone", optional(&form.phone, |p| Phone::parse(p, country)));
    let city = check.check("city", parse::optional_text(&form.city, 100));
    let code = check.check("country", optional(&form.country, country_code));
    let industry = check.check("industry", parse::optional_text(&form.industry, 100));
    let owner_id = check.check(
        "owner_id",
        optional(&form.owner_id, |id| {
            Uuid::parse_str(id.trim()).map_err(|_| Invalid::Choice)
        }),
    );
    Some(ValidCompany {
        name: name?,
        website: website?,
        email: email?,
        phone: phone?,
        city: city?,
        country: code?,
        industry: industry?,
        owner_id: owner_id?,
    })
}

/// How many live contacts that `scope` sees work at each of `ids`, in one query.
async fn people<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>, AppError> {
    let counts: Vec<(Uuid, i64)> = policy::within(contact::Entity::find(), scope)
        .select_only()
        .column(contact::Column::CompanyId)
        .column_as(contact::Column::Id.count(), "people")
        .filter(contact::Column::CompanyId.is_in(ids.iter().copied()))
        .filter(contact::Column::ArchivedAt.is_null())
        .group_by(contact::Column::CompanyId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(counts
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or_default()))
        .collect())
}

/// One page of live companies the user may see, by name.
pub async fn list(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &CompanyQuery,
) -> Result<CompanyPage, AppError> {
    if query.q.chars().count() > 100 {
        return Err(AppError::invalid("q", Invalid::TooLong { max: 100 }));
    }
    let scope = policy::scope(conn, actor).await?;
    let mut select = policy::within(company::Entity::find(), scope)
        .filter(company::Column::ArchivedAt.is_null());
    if let Some(owner) = query.owner {
        select = select.filter(company::Column::OwnerId.eq(owner));
    }
    if let Some(needle) = needle(&query.q) {
        let pattern = LikeExpr::new(format!("%{}%", escape_like(&needle))).escape('\\');
        select = select.filter(Expr::col(company::Column::SearchText).like(pattern));
    }
    if let Some((key, id)) = query
        .after
        .as_deref()
        .map(|after| cursor::decode("after", after))
        .transpose()?
    {
        select = select.filter(
            Condition::any()
                .add(company::Column::SortName.gt(key.clone()))
                .add(
                    Condition::all()
                        .add(company::Column::SortName.eq(key))
                        .add(company::Column::Id.gt(id)),
                ),
        );
    }
    let mut models = select
        .order_by_asc(company::Column::SortName)
        .order_by_asc(company::Column::Id)
        .limit(PAGE_SIZE + 1)
        .all(conn)
        .await?;
    let more = models.len() as u64 > PAGE_SIZE;
    models.truncate(PAGE_SIZE as usize);
    let next = models
        .last()
        .filter(|_| more)
        .map(|last| cursor::encode(&last.sort_name, last.id));
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let people = people(conn, scope, &ids).await?;
    let owners = names(conn, models.iter().filter_map(|m| m.owner_id)).await?;
    let rows = models
        .into_iter()
        .map(|m| CompanyRow {
            people: people.get(&m.id).copied().unwrap_or_default(),
            owner_name: m.owner_id.and_then(|id| owners.get(&id).cloned()),
            id: m.id,
            name: m.name,
            city: m.city,
            industry: m.industry,
        })
        .collect();
    Ok(CompanyPage { rows, next })
}

/// A company as its page shows `actor`.
async fn load<C: ConnectionTrait>(conn: &C, actor: &Actor, id: Uuid) -> Result<Company, AppError> {
    let model = records::find_or_404::<company::Entity, _>(conn, id).await?;
    let people = people(conn, policy::scope(conn, actor).await?, &[id])
        .await?
        .get(&id)
        .copied()
        .unwrap_or_default();
    let owner_name = names(conn, model.owner_id).await?.into_values().next();
    Ok(Company {
        id: model.id,
        name: model.name,
        website: model.website,
        email: model.email,
        phone: model.phone,
        city: model.city,
        country: model.country,
        industry: model.industry,
        owner_id: model.owner_id,
        owner_name,
        external_id: model.external_id,
        people,
        archived: model.archived_at.is_some(),
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// The company, if the user may do `action` to it.
async fn authorize<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    action: fn(policy::Owned) -> Action,
    name: &str,
) -> Result<Company, AppError> {
    let company = load(conn, actor, id).await?;
    let owned = owned(conn, company.owner_id).await?;
    require(conn, actor, action(owned), name).await?;
    Ok(company)
}

pub async fn get(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Company, AppError> {
    authorize(conn, actor, id, Action::ViewCustomer, "company.view").await
}

/// Saves an edit, provided nobody saved the company since `version` was read. A new name
/// reaches its people's search text in the same transaction.
pub async fn update(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    form: &CompanyForm,
    version: i32,
) -> Result<Company, AppError> {
    let before = authorize(conn, actor, id, Action::EditCustomer, "company.update").await?;
    let country = settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default();
    let mut check = FieldCheck::default();
    let valid = validate(form, &country, &mut check);
    if let Some(owner) = valid.as_ref().and_then(|v| v.owner_id)
        && !is_active(conn, owner).await?
    {
        check.refuse("owner_id", Invalid::Choice);
    }
    let Some(valid) = valid else {
        return Err(check.into_error());
    };
    check.finish()?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let change = company::Entity::update_many()
        .col_expr(company::Column::Name, Expr::value(valid.name.clone()))
        .col_expr(
            company::Column::SortName,
            Expr::value(valid.name.to_lowercase()),
        )
        .col_expr(
            company::Column::SearchText,
            Expr::value(search_text(&[Some(&valid.name)])),
        )
        .col_expr(company::Column::Website, Expr::value(valid.website))
        .col_expr(
            company::Column::Email,
            Expr::value(valid.email.map(Email::into_string)),
        )
        .col_expr(
            company::Column::Phone,
            Expr::value(valid.phone.map(Phone::into_string)),
        )
        .col_expr(company::Column::City, Expr::value(valid.city))
        .col_expr(company::Column::Country, Expr::value(valid.country))
        .col_expr(company::Column::Industry, Expr::value(valid.industry))
        .col_expr(company::Column::OwnerId, Expr::value(valid.owner_id));
    records::update_versioned(&txn, change, id, version, now, async || {
        load(&txn, actor, id).await
    })
    .await?;
    if before.name != valid.name {
        renamed(&txn, id, &valid.name).await?;
    }
    let after = load(&txn, actor, id).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "company.update", "company", Some(id))
            .changes(audit::changes(&before, &after)),
    )
    .await?;
    let event = Event::CompanyUpdated(Named {
        id,
        name: after.name.clone(),
        version: after.version,
    });
    outbox::enqueue(&txn, &event).await?;
    txn.commit().await?;
    Ok(after)
}

/// Brings a company's new name into the search text of everyone who works there.
pub(crate) async fn renamed<C: ConnectionTrait>(
    conn: &C,
    company: Uuid,
    name: &str,
) -> Result<(), AppError> {
    let staff = contact::Entity::find()
        .filter(contact::Column::CompanyId.eq(company))
        .all(conn)
        .await?;
    for person in staff {
        contact::Entity::update_many()
            .col_expr(
                contact::Column::SearchText,
                Expr::value(search_text(&[
                    Some(&person.name),
                    person.email.as_deref(),
                    person.phone.as_deref(),
                    person.wechat_id.as_deref(),
                    Some(name),
                ])),
            )
            .filter(contact::Column::Id.eq(person.id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// The company's revenue so far, over the orders of the people there whom `actor` sees.
pub async fn totals(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<OrderTotals, AppError> {
    let company = get(conn, actor, id).await?;
    let orders = policy::find::<order::Entity, _>(conn, actor)
        .await?
        .filter(order::Column::CompanyId.eq(company.id));
    revenue(conn, orders).await
}
