//! The contacts list: searched, scoped to what the user may see, one page at a time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::cursor;
use crate::core::policy;
use crate::core::{parse, settings};
use crate::customers::entity::{contact, contact_tag};
use crate::customers::segments::entity::segment_member;
use crate::customers::types::{ContactPage, ContactQuery, ContactRow, Lifecycle, Sort};
use crate::error::{AppError, Invalid};

pub const PAGE_SIZE: u64 = 50;

/// What a search matches in `search_text`: lower-cased text, or the digits of a phone number.
pub(crate) fn needle(q: &str) -> Option<String> {
    let q = q
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if q.is_empty() {
        return None;
    }
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let needle = if phone_like {
        q.chars().filter(char::is_ascii_digit).collect()
    } else {
        q
    };
    Some(needle)
}

pub(crate) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub async fn list(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &ContactQuery,
) -> Result<ContactPage, AppError> {
    let (models, next) = page(conn, actor, query, PAGE_SIZE).await?;
    let (companies, owners) = names(conn, &models).await?;
    let rows = models
        .into_iter()
        .map(|m| ContactRow {
            company_name: m.company_id.and_then(|id| companies.get(&id).cloned()),
            owner_name: m.owner_id.and_then(|id| owners.get(&id).cloned()),
            lifecycle: Lifecycle::parse(&m.lifecycle).unwrap_or(Lifecycle::Lead),
            id: m.id,
            name: m.name,
            email: m.email,
            phone: m.phone,
        })
        .collect();
    Ok(ContactPage { rows, next })
}

/// The contacts the query selects as the user may see them, unordered: for a page of the list,
/// and for a segment whose rules are the list's filters.
pub(crate) async fn filtered(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &ContactQuery,
) -> Result<Select<contact::Entity>, AppError> {
    if query.q.chars().count() > 100 {
        return Err(AppError::invalid("q", Invalid::TooLong { max: 100 }));
    }

    // Every role sees customers; the scope says which.
    let mut select = policy::find::<contact::Entity, _>(conn, actor)
        .await?
        .filter(if query.archived {
            contact::Column::ArchivedAt.is_not_null()
        } else {
            contact::Column::ArchivedAt.is_null()
        });
    if let Some(segment) = query.segment {
        let members = Query::select()
            .column(segment_member::Column::ContactId)
            .from(segment_member::Entity)
            .and_where(Expr::col(segment_member::Column::SegmentId).eq(segment))
            .to_owned();
        select = select.filter(contact::Column::Id.in_subquery(members));
    }
    if let Some(owner) = query.owner {
        select = select.filter(contact::Column::OwnerId.eq(owner));
    }
    if let Some(company) = query.company {
        select = select.filter(contact::Column::CompanyId.eq(company));
    }
    if let Some(lifecycle) = query.lifecycle {
        select = select.filter(contact::Column::Lifecycle.eq(lifecycle.as_str()));
    }
    if let Some(source) = query.source {
        select = select.filter(contact::Column::Source.eq(source.as_str()));
    }
    if let Some(tag) = &query.tag {
        let tagged = Query::select()
            .column(contact_tag::Column::ContactId)
            .from(contact_tag::Entity)
            .and_where(Expr::col(contact_tag::Column::Tag).eq(tag.as_str()))
            .to_owned();
        select = select.filter(contact::Column::Id.in_subquery(tagged));
    }
    if query.created_from.is_some() || query.created_to.is_some() {
        let zone = settings::service::user_zone(conn, &actor.user).await?;
        let start = |day| parse::day_start(day, zone).map_err(|why| AppError::invalid("from", why));
        if let Some(from) = query.created_from {
            select = select.filter(contact::Column::CreatedAt.gte(start(from)?));
        }
        if let Some(to) = query.created_to.and_then(|to| to.succ_opt()) {
            select = select.filter(contact::Column::CreatedAt.lt(start(to)?));
        }
    }
    if let Some(needle) = needle(&query.q) {
        let pattern = LikeExpr::new(format!("%{}%", escape_like(&needle))).escape('\\');
        select = select.filter(Expr::col(contact::Column::SearchText).like(pattern));
    }
    Ok(select)
}

/// One page of `size` contacts the query selects, in its order, and the cursor of the next.
pub(super) async fn page(
    conn: &DatabaseConnection,
    actor: &Actor,
    query: &ContactQuery,
    size: u64,
) -> Result<(Vec<contact::Model>, Option<String>), AppError> {
    let mut select = filtered(conn, actor, query).await?;
    let after = query
        .after
        .as_deref()
        .map(|after| cursor::decode("after", after))
        .transpose()?;
    select = match query.sort {
        Sort::Name => {
            if let Some((key, id)) = after {
                select = select.filter(
                    Condition::any()
                        .add(contact::Column::SortName.gt(key.clone()))
                        .add(
                            Condition::all()
                                .add(contact::Column::SortName.eq(key))
                                .add(contact::Column::Id.gt(id)),
                        ),
                );
            }
            select
                .order_by_asc(contact::Column::SortName)
                .order_by_asc(contact::Column::Id)
        }
        Sort::Newest => {
            if let Some((key, id)) = after {
                let at: DateTime<Utc> = key
                    .parse()
                    .map_err(|_| AppError::invalid("after", Invalid::Choice))?;
                select = select.filter(
                    Condition::any().add(contact::Column::CreatedAt.lt(at)).add(
                        Condition::all()
                            .add(contact::Column::CreatedAt.eq(at))
                            .add(contact::Column::Id.lt(id)),
                    ),
                );
            }
            select
                .order_by_desc(contact::Column::CreatedAt)
                .order_by_desc(contact::Column::Id)
        }
    };
    let mut models = select.limit(size + 1).all(conn).await?;
    let more = models.len() as u64 > size;
    models.truncate(size as usize);
    let next = models.last().filter(|_| more).map(|last| match query.sort {
        Sort::Name => cursor::encode(&last.sort_name, last.id),
        Sort::Newest => cursor::encode(&last.created_at.to_rfc3339(), last.id),
    });
    Ok((models, next))
}

/// The names of the companies and owners of `models`, in one query each, never one per row.
pub(super) async fn names(
    conn: &DatabaseConnection,
    models: &[contact::Model],
) -> Result<(HashMap<Uuid, String>, HashMap<Uuid, String>), AppError> {
    let companies = super::company_names(conn, models.iter().filter_map(|m| m.company_id)).await?;
    let owners = crate::core::users::names(conn, models.iter().filter_map(|m| m.owner_id)).await?;
    Ok((companies, owners))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_searches_match_digits_and_text_is_lower_cased() {
        assert_eq!(needle(" 138 0013 "), Some("1380013".into()));
        assert_eq!(needle("+86 138-0013"), Some("861380013".into()));
        assert_eq!(needle("Emily  CHEN"), Some("emily chen".into()));
        assert_eq!(needle("张伟"), Some("张伟".into()));
        assert_eq!(needle("   "), None);
        assert_eq!(escape_like("100%_off"), "100\\%\\_off");
    }
}
