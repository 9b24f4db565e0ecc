use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<Uuid>,
    pub changes: Option<Json>,
    pub job_id: Option<Uuid>,
    /// The entry's place in the chain; `None` until the chainer reaches it.
    pub seq: Option<i64>,
    /// The keyed hash over this entry and the link before it (see `audit::chain`).
    pub link: Option<String>,
    /// A keyed digest of `changes` as they were when linked, which the link covers; `None` for
    /// entries linked before values were.
    pub changes_digest: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
