//! The table of web forms.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "web_forms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub key: String,
    pub name: String,
    pub tag: Option<String>,
    pub owner_id: Option<Uuid>,
    pub redirect_url: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// Each message sent through the form opens a ticket, instead of a note in the history.
    pub opens_tickets: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
