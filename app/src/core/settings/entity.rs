use sea_orm::entity::prelude::*;

/// The only row has `id = 1`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub company_name: String,
    pub country: String,
    pub time_zone: String,
    pub base_currency: String,
    pub default_locale: String,
    pub restrict_sales_to_team: bool,
    pub track_campaign_mail: bool,
    /// The roles that must sign in with a second factor, as comma-separated role codes.
    pub two_factor_roles: String,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(Entity);
