//! Contacts out of Banyan: the list as the user narrowed it (every page of it), and
//! everything about one person (a data-subject export).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;

use super::list::{names, page};
use crate::core::actor::Actor;
use crate::core::audit;
use crate::core::code::TextCode;
use crate::customers::entity::contact_tag;
use crate::customers::types::{ContactQuery, Lifecycle, Source};
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

/// Reads the contacts a query selects a batch at a time, in the list's order and from its
/// first page (whatever the query's cursor), so that an export of any size holds one batch.
pub struct Export {
    query: ContactQuery,
    batch: u64,
    done: bool,
    count: usize,
}

impl Export {
    pub fn new(query: &ContactQuery) -> Self {
        Self::with_batch(query, BATCH)
    }

    pub(crate) fn with_batch(query: &ContactQuery, batch: u64) -> Self {
        Export {
            query: ContactQuery {
                after: None,
                ..query.clone()
            },
            batch,
            done: false,
            count: 0,
        }
    }

    /// The next batch; the first one always comes, even empty, so that a file has its head.
    pub async fn next(
        &mut self,
        conn: &DatabaseConnection,
        actor: &Actor,
    ) -> Result<Option<Vec<ExportRow>>, AppError> {
        if self.done {
            return Ok(None);
        }
        let (models, next) = page(conn, actor, &self.query, self.batch).await?;
        let (companies, owners) = names(conn, &models).await?;
        let tags = contact_tag::Entity::find()
            .filter(contact_tag::Column::ContactId.is_in(models.iter().map(|m| m.id)))
            .all(conn)
            .await?;
        let rows: Vec<ExportRow> = models
            .into_iter()
            .map(|m| {
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
            })
            .collect();
        self.count += rows.len();
        match next {
            Some(next) => self.query.after = Some(next),
            None => self.done = true,
        }
        Ok(Some(rows))
    }

    /// Records the export in the audit log with the number of rows read (fewer than selected
    /// when the download was cancelled), and returns that number.
    pub async fn finish(self, conn: &DatabaseConnection, actor: &Actor) -> Result<usize, AppError> {
        let txn = crate::core::db::write(conn).await?;
        let entry = audit::Entry::new(Some(actor.user.id), "contact.export", "contact", None)
            .changes(json!({ "rows": self.count, "query": query_summary(&self.query) }));
        audit::record(&txn, entry).await?;
        txn.commit().await?;
        Ok(self.count)
    }
}

fn query_summary(query: &ContactQuery) -> serde_json::Value {
    json!({
        "q": query.q,
        "archived": query.archived,
        "owner": query.owner,
        "company": query.company,
        "lifecycle": query.lifecycle.map(|l| l.as_str()),
        "source": query.source.map(|s| s.as_str()),
        "tag": query.tag,
        "created_from": query.created_from,
        "created_to": query.created_to,
    })
}
