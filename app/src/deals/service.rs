//! Deals: every rule about reading, creating, editing and moving them, for server functions
//! and the API alike.

pub mod attention;
pub mod board;
pub mod forecast;
pub mod held;
pub mod list;
pub mod moving;
pub mod revenue;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

pub use self::board::{board, more};
pub use self::forecast::forecast;
pub use self::moving::move_deal;
use super::entity::{deal, stage_change};
use super::pipelines::service as pipelines;
use super::rank;
use super::types::{
    Card, Deal, DealForm, NewDeal, StageChange, StageKind, parse_amount, parse_close,
    parse_currency,
};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::db::Writer;
use crate::core::events::{Event, Reassigned, Titled};
use crate::core::policy::{self, require};
use crate::core::policy::{Action, Owned};
use crate::core::users::owned;
use crate::core::{audit, outbox, parse, records, settings};
use crate::customers::service::{
    company_named, company_names, contact_names, optional, search_text,
};
use crate::error::{AppError, FieldCheck, Invalid};
use clean::money::Money;

/// The names of the companies, contacts and owners of `deals`, in three queries.
async fn names<C: ConnectionTrait>(
    conn: &C,
    deals: &[deal::Model],
) -> Result<[HashMap<Uuid, String>; 3], AppError> {
    let ids = |pick: fn(&deal::Model) -> Option<Uuid>| -> HashSet<Uuid> {
        deals.iter().filter_map(pick).collect()
    };
    let companies = company_names(conn, ids(|d| d.company_id)).await?;
    let contacts = contact_names(conn, ids(|d| d.contact_id)).await?;
    let owners = crate::core::users::names(conn, ids(|d| d.owner_id)).await?;
    Ok([companies, contacts, owners])
}

/// The sum of the grouped deals' amounts, as a 64-bit integer in every database (PostgreSQL
/// sums `BIGINT` into `NUMERIC`).
fn amount_sum() -> Expr {
    Expr::expr(Func::cast_as(
        Func::sum(Expr::col(deal::Column::AmountMinor)),
        Alias::new("BIGINT"),
    ))
}

fn named(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> Option<String> {
    id.and_then(|id| names.get(&id).cloned())
}

/// The cards of `deals`, in their order.
pub(crate) async fn cards<C: ConnectionTrait>(
    conn: &C,
    deals: Vec<deal::Model>,
) -> Result<Vec<Card>, AppError> {
    let [companies, contacts, owners] = names(conn, &deals).await?;
    let ids: Vec<Uuid> = deals.iter().map(|d| d.id).collect();
    let next_tasks = crate::deals::tasks::service::next_due(conn, &ids).await?;
    Ok(deals
        .into_iter()
        .map(|d| Card {
            company_name: named(&companies, d.company_id),
            contact_name: named(&contacts, d.contact_id),
            owner_name: named(&owners, d.owner_id),
            amount: Money {
                minor: d.amount_minor,
                currency: d.currency,
            },
            id: d.id,
            title: d.title,
            owner_id: d.owner_id,
            stage_id: d.stage_id,
            expected_close: d.expected_close,
            stage_entered_at: d.stage_entered_at,
            next_task: next_tasks.get(&d.id).copied(),
            version: d.version,
        })
        .collect())
}

/// One deal's card.
pub(crate) async fn card<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Card, AppError> {
    let model = records::find_or_404::<deal::Entity, _>(conn, id).await?;
    cards(conn, vec![model])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// A deal as its page shows it.
pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Deal, AppError> {
    let model = records::find_or_404::<deal::Entity, _>(conn, id).await?;
    deals_of(conn, vec![model])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// `models` as their pages show them, in a few queries whatever their number.
pub(crate) async fn deals_of<C: ConnectionTrait>(
    conn: &C,
    models: Vec<deal::Model>,
) -> Result<Vec<Deal>, AppError> {
    let [companies, contacts, owners] = names(conn, &models).await?;
    let stages = pipelines::stages(conn, models.iter().map(|m| m.stage_id)).await?;
    models
        .into_iter()
        .map(|model| {
            Ok(Deal {
                company_name: named(&companies, model.company_id),
                contact_name: named(&contacts, model.contact_id),
                owner_name: named(&owners, model.owner_id),
                status: StageKind::parse(&model.status).unwrap_or(StageKind::Open),
                amount: Money {
                    minor: model.amount_minor,
                    currency: model.currency,
                },
                stage: stages
                    .get(&model.stage_id)
                    .cloned()
                    .ok_or(AppError::NotFound)?,
                id: model.id,
                title: model.title,
                expected_close: model.expected_close,
                pipeline_id: model.pipeline_id,
                contact_id: model.contact_id,
                company_id: model.company_id,
                owner_id: model.owner_id,
                close_reason: model.close_reason,
                stage_entered_at: model.stage_entered_at,
                closed_at: model.closed_at,
                version: model.version,
                created_at: model.created_at,
                updated_at: model.updated_at,
            })
        })
        .collect()
}

/// The deal, if the user may do `action` to it (`name` says what, in the log of refusals).
pub(crate) async fn authorize<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    action: fn(Owned) -> Action,
    name: &str,
) -> Result<Deal, AppError> {
    let deal = load(conn, id).await?;
    let owned = owned(conn, deal.owner_id).await?;
    require(conn, actor, action(owned), name).await?;
    Ok(deal)
}

/// One deal, if the user may see it.
pub async fn get<C: ConnectionTrait>(conn: &C, actor: &Actor, id: Uuid) -> Result<Deal, AppError> {
    authorize(conn, actor, id, Action::ViewDeal, "deal.view").await
}

/// The stages a deal went through, oldest first.
pub async fn history(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<StageChange>, AppError> {
    get(conn, actor, id).await?;
    let changes = stage_change::Entity::find()
        .filter(stage_change::Column::DealId.eq(id))
        .order_by_asc(stage_change::Column::MovedAt)
        .order_by_asc(stage_change::Column::Id)
        .all(conn)
        .await?;
    let stages: HashMap<Uuid, String> = pipelines::all(conn)
        .await?
        .into_iter()
        .flat_map(|p| p.stages)
        .map(|s| (s.id, s.name))
        .collect();
    let movers = crate::core::users::names(conn, changes.iter().filter_map(|c| c.moved_by)).await?;
    Ok(changes
        .into_iter()
        .map(|c| StageChange {
            from: c.from_stage_id.and_then(|s| stages.get(&s).cloned()),
            to: stages.get(&c.to_stage_id).cloned().unwrap_or_default(),
            by: c.moved_by.and_then(|u| movers.get(&u).cloned()),
            at: c.moved_at,
        })
        .collect())
}

/// Every deal of one contact that `actor` sees, newest first, for the contact page and their
/// data export: a customer's deals with another team stay that team's.
pub async fn of_contact<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    contact: Uuid,
) -> Result<Vec<Card>, AppError> {
    let deals = policy::find::<deal::Entity, _>(conn, actor)
        .await?
        .filter(deal::Column::ContactId.eq(contact))
        .order_by_desc(deal::Column::CreatedAt)
        .all(conn)
        .await?;
    cards(conn, deals).await
}

/// Records that a deal entered a stage.
pub(crate) async fn enter_stage<C: ConnectionTrait>(
    conn: &C,
    deal: Uuid,
    from: Option<Uuid>,
    to: Uuid,
    by: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    stage_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        deal_id: Set(deal),
        from_stage_id: Set(from),
        to_stage_id: Set(to),
        moved_by: Set(by),
        moved_at: Set(at),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The lower-cased words a deal is found by: its title, company and contact.
fn deal_search_text(title: &str, company: Option<&str>, contact: Option<&str>) -> String {
    search_text(&[Some(title), company, contact])
}

/// Adds a deal at the top of its stage's column, owned by whoever adds it.
pub async fn create<C: Writer>(conn: &C, actor: &Actor, form: &NewDeal) -> Result<Card, AppError> {
    require(conn, actor, Action::CreateDeal, "deal.create").await?;
    let base = settings::service::base_currency(conn).await?;
    let mut check = FieldCheck::default();
    let title = check.check("title", parse::text(&form.title, 200));
    let currency = check.check("currency", parse_currency(&form.currency, &base));
    let amount = currency
        .as_deref()
        .and_then(|c| check.check("amount", parse_amount(&form.amount, c)));
    let (pipeline, stage) = pipelines::stage(conn, form.stage_id)
        .await
        .map_err(|_| AppError::invalid("stage_id", Invalid::Choice))?;
    let contact = match form.contact_id {
        Some(id) => Some(
            crate::customers::service::authorize(
                conn,
                actor,
                id,
                Action::ViewCustomer,
                "contact.view",
            )
            .await?,
        ),
        None => None,
    };
    let (Some(title), Some(amount)) = (title, amount) else {
        return Err(check.into_error());
    };
    check.finish()?;
    let now = Utc::now();
    let id = records::new_id(form.id)?;
    let txn = crate::core::db::write(conn).await?;
    let first = deal::Entity::find()
        .filter(deal::Column::StageId.eq(stage.id))
        .order_by_asc(deal::Column::Rank)
        .one(&txn)
        .await?;
    let company_name = contact.as_ref().and_then(|c| c.company_name.as_deref());
    let contact_name = contact.as_ref().map(|c| c.name.as_str());
    deal::ActiveModel {
        id: Set(id),
        pipeline_id: Set(pipeline),
        stage_id: Set(stage.id),
        search_text: Set(deal_search_text(&title, company_name, contact_name)),
        title: Set(title),
        amount_minor: Set(amount.minor),
        currency: Set(amount.currency),
        expected_close: Set(None),
        contact_id: Set(contact.as_ref().map(|c| c.id)),
        company_id: Set(contact.as_ref().and_then(|c| c.company_id)),
        owner_id: Set(Some(actor.user.id)),
        rank: Set(rank::between(None, first.as_ref().map(|d| d.rank.as_str()))),
        status: Set(stage.kind.as_str().to_owned()),
        close_reason: Set(None),
        stage_entered_at: Set(now),
        closed_at: Set((stage.kind != StageKind::Open).then_some(now)),
        archived_at: Set(None),
        created_by: Set(Some(actor.user.id)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    enter_stage(&txn, id, None, stage.id, Some(actor.user.id), now).await?;
    let created = load(&txn, id).await?;
    let changes = serde_json::to_value(&created).map_err(AppError::internal)?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "deal.create", "deal", Some(id)).changes(changes),
    )
    .await?;
    let event = Event::DealCreated(Titled {
        id,
        title: created.title,
        version: None,
    });
    outbox::enqueue(&txn, &event).await?;
    let card = card(&txn, id).await?;
    txn.commit().await?;
    Ok(card)
}

/// Saves an edit of a deal's fields, provided nobody saved it since `version` was read.
pub async fn update<C: Writer>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    version: i32,
    form: &DealForm,
) -> Result<Deal, AppError> {
    let before = authorize(conn, actor, id, Action::EditDeal, "deal.update").await?;
    let base = settings::service::base_currency(conn).await?;
    let mut check = FieldCheck::default();
    let title = check.check("title", parse::text(&form.title, 200));
    let currency = check.check("currency", parse_currency(&form.currency, &base));
    let amount = currency
        .as_deref()
        .and_then(|c| check.check("amount", parse_amount(&form.amount, c)));
    let expected_close = check.check("expected_close", parse_close(&form.expected_close));
    let company = check.check("company", parse::optional_text(&form.company, 200));
    let owner = check.check(
        "owner_id",
        optional(&form.owner_id, |o| {
            Uuid::parse_str(o.trim()).map_err(|_| Invalid::Choice)
        }),
    );
    if let Some(Some(owner)) = owner
        && !crate::core::users::is_active(conn, owner).await?
    {
        check.refuse("owner_id", Invalid::Choice);
    }
    let (Some(title), Some(amount), Some(expected_close), Some(company), Some(owner)) =
        (title, amount, expected_close, company, owner)
    else {
        return Err(check.into_error());
    };
    check.finish()?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let company = company_named(&txn, company.as_deref(), owner).await?;
    let search = deal_search_text(
        &title,
        company.as_ref().map(|c| c.name.as_str()),
        before.contact_name.as_deref(),
    );
    let change = deal::Entity::update_many()
        .col_expr(deal::Column::Title, Expr::value(title))
        .col_expr(deal::Column::SearchText, Expr::value(search))
        .col_expr(deal::Column::AmountMinor, Expr::value(amount.minor))
        .col_expr(deal::Column::Currency, Expr::value(amount.currency))
        .col_expr(deal::Column::ExpectedClose, Expr::value(expected_close))
        .col_expr(deal::Column::CompanyId, Expr::value(company.map(|c| c.id)))
        .col_expr(deal::Column::OwnerId, Expr::value(owner));
    records::update_versioned(&txn, change, id, version, now, async || {
        load(&txn, id).await
    })
    .await?;
    let after = load(&txn, id).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "deal.update", "deal", Some(id))
            .changes(audit::changes(&before, &after)),
    )
    .await?;
    let event = Event::DealUpdated(Titled {
        id,
        title: after.title.clone(),
        version: Some(after.version),
    });
    outbox::enqueue(&txn, &event).await?;
    if after.owner_id != before.owner_id {
        if let Some(owner) = after.owner_id {
            use crate::notifications::types::{About, NotificationKind};
            let (kind, about) = (NotificationKind::Assigned, About::Deal(id));
            crate::notifications::service::notify(
                &txn,
                owner,
                kind,
                actor,
                about,
                &after.title,
                now,
            )
            .await?;
        }
        let event = Event::DealReassigned(Reassigned {
            id,
            title: after.title.clone(),
            owner_id: after.owner_id,
            by: actor.user.id,
        });
        outbox::enqueue(&txn, &event).await?;
    }
    txn.commit().await?;
    Ok(after)
}
