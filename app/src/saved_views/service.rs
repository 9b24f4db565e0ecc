//! A user's saved views: their own, to list, save (a name saved again is replaced) and delete.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::entity::{ActiveModel, Column, Entity, Model};
use super::types::SavedView;
use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::parse;
use crate::error::{AppError, Invalid};

/// The lists that have views, by the path they live at.
pub const LISTS: [&str; 1] = ["contacts"];
const MAX_VIEWS: usize = 30;

fn to_view(model: Model) -> SavedView {
    SavedView {
        id: model.id,
        name: model.name,
        query: model.query,
    }
}

fn known(list: &str) -> Result<&str, AppError> {
    LISTS
        .iter()
        .find(|known| **known == list)
        .copied()
        .ok_or_else(|| AppError::invalid("list", Invalid::Choice))
}

/// A list address's query string as it is kept: `?` and pairs of URL-safe characters only, so
/// that a view can only ever lead to its own list.
fn query(value: &str) -> Result<String, Invalid> {
    let value = value.trim();
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "?&=%+-._~".contains(c));
    if value.len() > 1000 {
        Err(Invalid::TooLong { max: 1000 })
    } else if !plain
        || !(value.is_empty() || value.starts_with('?'))
        || value[1.min(value.len())..].contains('?')
    {
        Err(Invalid::Choice)
    } else {
        Ok(value.to_owned())
    }
}

pub async fn list(
    conn: &DatabaseConnection,
    actor: &Actor,
    list: &str,
) -> Result<Vec<SavedView>, AppError> {
    let list = known(list)?;
    let models = Entity::find()
        .filter(Column::UserId.eq(actor.user.id))
        .filter(Column::List.eq(list))
        .order_by_asc(Column::Name)
        .all(conn)
        .await?;
    Ok(models.into_iter().map(to_view).collect())
}

/// Saves the list as it is now under `name`, replacing the user's view of that name.
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    list: &str,
    name: &str,
    query_string: &str,
) -> Result<SavedView, AppError> {
    let list = known(list)?;
    let mut check = crate::error::FieldCheck::default();
    let name = check.check("name", parse::text(name, 60));
    let query_string = check.check("query", query(query_string));
    let (Some(name), Some(query_string)) = (name, query_string) else {
        return Err(check.into_error());
    };
    check.finish()?;
    let txn = crate::core::db::write(conn).await?;
    let existing = Entity::find()
        .filter(Column::UserId.eq(actor.user.id))
        .filter(Column::List.eq(list))
        .all(&txn)
        .await?;
    let saved = match existing.iter().find(|v| v.name == name) {
        Some(view) => {
            Entity::update_many()
                .col_expr(Column::Query, Expr::value(query_string.clone()))
                .filter(Column::Id.eq(view.id))
                .exec(&txn)
                .await?;
            Model {
                query: query_string,
                ..view.clone()
            }
        }
        None if existing.len() >= MAX_VIEWS => {
            return Err(AppError::invalid(
                "name",
                Invalid::TooLong { max: MAX_VIEWS },
            ));
        }
        None => {
            ActiveModel {
                id: Set(Uuid::now_v7()),
                user_id: Set(actor.user.id),
                list: Set(list.to_owned()),
                name: Set(name),
                query: Set(query_string),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(&txn, entry(actor, "saved_view.save", saved.id)).await?;
    txn.commit().await?;
    Ok(to_view(saved))
}

/// Deletes one of the user's own views; someone else's is not found.
pub async fn delete(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    let txn = crate::core::db::write(conn).await?;
    let deleted = Entity::delete_many()
        .filter(Column::Id.eq(id))
        .filter(Column::UserId.eq(actor.user.id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&txn, entry(actor, "saved_view.delete", id)).await?;
    txn.commit().await?;
    Ok(())
}

fn entry<'a>(actor: &Actor, action: &'a str, id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, "saved_view", Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_keeps_a_plain_query_string_only() {
        assert_eq!(
            query(" ?q=%E5%BC%A0&lifecycle=customer "),
            Ok("?q=%E5%BC%A0&lifecycle=customer".into())
        );
        assert_eq!(query(""), Ok(String::new()));
        assert_eq!(query("//evil.example/?q=1"), Err(Invalid::Choice));
        assert_eq!(query("?q=<script>"), Err(Invalid::Choice));
        assert_eq!(query("?a=1?b=2"), Err(Invalid::Choice));
        assert!(query(&format!("?q={}", "a".repeat(1000))).is_err());
    }
}
