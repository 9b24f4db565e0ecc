//! Contacts out of Banyan: the list as the user narrowed it (every page of it), and
//! everything about one person (a data-subject export).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde::Serialize;
use serde_json::json;

use super::authorize;
use super::list::{names, page};
use crate::audit;
use crate::auth::policy::Action;
use crate::auth::session::Signed;
use crate::customers::entity::contact_tag;
use crate::customers::history;
use crate::customers::types::{ContactQuery, Lifecycle, Named, Source};
use crate::error::AppError;

/// Contacts read per query: large enough for few round trips, small enough to stay light.
const BATCH: u64 = 1_000;

/// One contact as a row of an export. The field names are the CSV header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportRow {
    pub id: String,
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub phone: String,
    pub wechat_id: String,
    pub city: String,
    pub company: String,
    pub stage: String,
    pub source: String,
    pub owner: String,
    pub tags: String,
    pub marketing_consent: bool,
    pub unsubscribed: bool,
    pub created_at: DateTime<Utc>,
}

impl ExportRow {
    pub const COLUMNS: [&str; 16] = [
        "id",
        "name",
        "given_name",
        "family_name",
        "email",
        "phone",
        "wechat_id",
        "city",
        "company",
        "stage",
        "source",
        "owner",
        "tags",
        "marketing_consent",
        "unsubscribed",
        "created_at",
    ];

    /// The row's values in the order of [`Self::COLUMNS`].
    pub fn cells(&self) -> [String; 16] {
        [
            self.id.clone(),
            self.name.clone(),
            self.given_name.clone(),
            self.family_name.clone(),
            self.email.clone(),
            self.phone.clone(),
            self.wechat_id.clone(),
            self.city.clone(),
            self.company.clone(),
            self.stage.clone(),
            self.source.clone(),
            self.owner.clone(),
            self.tags.clone(),
            self.marketing_consent.to_string(),
            self.unsubscribed.to_string(),
            self.created_at.to_rfc3339(),
        ]
    }
}

/// Every contact the query selects, in the list's order (from the first page, whatever its
/// cursor), recorded in the audit log as an export.
pub async fn rows(
    conn: &DatabaseConnection,
    actor: &Signed,
    query: &ContactQuery,
) -> Result<Vec<ExportRow>, AppError> {
    rows_in_batches(conn, actor, query, BATCH).await
}

pub(crate) async fn rows_in_batches(
    conn: &DatabaseConnection,
    actor: &Signed,
    query: &ContactQuery,
    batch: u64,
) -> Result<Vec<ExportRow>, AppError> {
    let mut query = ContactQuery {
        after: None,
        ..query.clone()
    };
    let mut rows = Vec::new();
    loop {
        let (models, next) = page(conn, actor, &query, batch).await?;
        let (companies, owners) = names(conn, &models).await?;
        let tags = contact_tag::Entity::find()
            .filter(contact_tag::Column::ContactId.is_in(models.iter().map(|m| m.id)))
            .all(conn)
            .await?;
        rows.extend(models.into_iter().map(|m| {
            let mut own_tags: Vec<&str> = tags
                .iter()
                .filter(|t| t.contact_id == m.id)
                .map(|t| t.tag.as_str())
                .collect();
            own_tags.sort_unstable();
            ExportRow {
                id: m.id.to_string(),
                company: m
                    .company_id
                    .and_then(|id| companies.get(&id).cloned())
                    .unwrap_or_default(),
                owner: m
                    .owner_id
                    .and_then(|id| owners.get(&id).cloned())
                    .unwrap_or_default(),
                stage: Lifecycle::parse(&m.lifecycle)
                    .map_or("", |l| l.as_str())
                    .to_owned(),
                source: Source::parse(&m.source)
                    .map_or("", |s| s.as_str())
                    .to_owned(),
                tags: own_tags.join("; "),
                name: m.name,
                given_name: m.given_name.unwrap_or_default(),
                family_name: m.family_name.unwrap_or_default(),
                email: m.email.unwrap_or_default(),
                phone: m.phone.unwrap_or_default(),
                wechat_id: m.wechat_id.unwrap_or_default(),
                city: m.city.unwrap_or_default(),
                marketing_consent: m.marketing_consent,
                unsubscribed: m.unsubscribed_at.is_some(),
                created_at: m.created_at,
            }
        }));
        match next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let txn = conn.begin().await?;
    let entry = audit::Entry {
        actor: Some(actor.user.id),
        action: "contact.export",
        record_type: "contact",
        record_id: None,
        changes: Some(json!({ "rows": rows.len(), "query": query_summary(&query) })),
        job_id: None,
    };
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(rows)
}

fn query_summary(query: &ContactQuery) -> serde_json::Value {
    json!({
        "q": query.q,
        "archived": query.archived,
        "owner": query.owner,
        "lifecycle": query.lifecycle.map(|l| l.as_str()),
        "source": query.source.map(|s| s.as_str()),
        "tag": query.tag,
        "created_from": query.created_from,
        "created_to": query.created_to,
    })
}

/// Everything Banyan holds about one person: the contact, their history and their orders.
pub async fn subject(
    conn: &DatabaseConnection,
    actor: &Signed,
    id: uuid::Uuid,
) -> Result<serde_json::Value, AppError> {
    let contact = authorize(
        conn,
        actor,
        id,
        Action::ViewCustomer,
        "contact.subject_export",
    )
    .await?;
    let (interactions, orders) = history::service::everything(conn, id).await?;
    let txn = conn.begin().await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(actor.user.id),
            action: "contact.subject_export",
            record_type: "contact",
            record_id: Some(id),
            changes: None,
            job_id: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(json!({
        "exported_at": Utc::now(),
        "contact": contact,
        "interactions": interactions,
        "orders": orders,
    }))
}
