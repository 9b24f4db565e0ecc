//! The duplicates screen's scan, over every live contact.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::scan::{Person, scan};
use super::types::{Candidate, DuplicateGroup, Duplicates};
use crate::core::actor::Actor;
use crate::core::policy::{self, Action};
use crate::customers::entity::contact;
use crate::error::AppError;

/// Groups the screen lists; `Duplicates::total` counts them all.
const SHOWN: usize = 100;

type Row = (
    Uuid,
    String,
    Option<String>,
    Option<String>,
    Option<Uuid>,
    Option<String>,
);

/// The contacts that may be one person, most certain first. Owners and managers only: they
/// see every customer and may merge them.
pub async fn find(conn: &DatabaseConnection, actor: &Actor) -> Result<Duplicates, AppError> {
    policy::require(conn, actor, Action::MergeCustomers, "contact.duplicates").await?;
    let rows: Vec<Row> = contact::Entity::find()
        .select_only()
        .columns([
            contact::Column::Id,
            contact::Column::SortName,
            contact::Column::Email,
            contact::Column::Phone,
            contact::Column::CompanyId,
            contact::Column::City,
        ])
        .filter(contact::Column::ArchivedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    let people: Vec<Person> = rows
        .into_iter()
        .map(|(id, name, email, phone, company, city)| Person {
            id,
            name,
            email,
            phone,
            company,
            city,
        })
        .collect();
    let found = scan(&people);
    let total = found.len() as u64;
    let shown: Vec<_> = found.into_iter().take(SHOWN).collect();
    let ids: Vec<Uuid> = shown
        .iter()
        .flat_map(|g| g.members.iter().copied())
        .collect();
    let candidates = candidates(conn, &ids).await?;
    let groups = shown
        .into_iter()
        .map(|group| DuplicateGroup {
            contacts: group
                .members
                .iter()
                .filter_map(|id| candidates.get(id).cloned())
                .collect(),
            score: (group.score * 100.0).round().clamp(0.0, 100.0) as u8,
            reasons: group.reasons.into_iter().collect(),
        })
        .collect();
    Ok(Duplicates { groups, total })
}

/// The contacts `ids` as the screen shows them, in two queries.
async fn candidates(
    conn: &DatabaseConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Candidate>, AppError> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        let models = contact::Entity::find()
            .filter(contact::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?;
        let companies = crate::customers::service::company_names(
            conn,
            models.iter().filter_map(|m| m.company_id),
        )
        .await?;
        for m in models {
            let created_at: DateTime<Utc> = m.created_at;
            found.insert(
                m.id,
                Candidate {
                    id: m.id,
                    company_name: m.company_id.and_then(|id| companies.get(&id).cloned()),
                    name: m.name,
                    email: m.email,
                    phone: m.phone,
                    city: m.city,
                    created_at,
                },
            );
        }
    }
    Ok(found)
}
