use sea_orm::entity::prelude::*;

/// The only row has `id = 1`; before the owner first saves the schedule there is none.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "backup_schedule")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub daily: bool,
    pub keep: i32,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(Entity);
