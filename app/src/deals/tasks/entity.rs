use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub due_at: DateTimeUtc,
    pub assignee_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub done_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(Entity);
