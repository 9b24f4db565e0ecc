//! The tables of companies, contacts and contacts' tags.

pub mod company {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "companies")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub sort_name: String,
        pub search_text: String,
        pub website: Option<String>,
        pub email: Option<String>,
        pub phone: Option<String>,
        pub city: Option<String>,
        pub country: Option<String>,
        pub industry: Option<String>,
        pub owner_id: Option<Uuid>,
        pub external_id: Option<String>,
        pub archived_at: Option<DateTimeUtc>,
        pub last_job_id: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod contact {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "contacts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub company_id: Option<Uuid>,
        pub name: String,
        pub given_name: Option<String>,
        pub family_name: Option<String>,
        pub sort_name: String,
        pub search_text: String,
        pub email: Option<String>,
        pub phone: Option<String>,
        pub wechat_id: Option<String>,
        pub city: Option<String>,
        pub source: String,
        pub lifecycle: String,
        pub owner_id: Option<Uuid>,
        pub marketing_consent: bool,
        pub consent_at: Option<DateTimeUtc>,
        pub unsubscribed_at: Option<DateTimeUtc>,
        pub external_id: Option<String>,
        pub archived_at: Option<DateTimeUtc>,
        pub last_job_id: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod contact_tag {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "contact_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub contact_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub tag: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(company::Entity, contact::Entity);

// Each is seen by its owner and the owner's team, where the workspace restricts sales.
crate::core::policy::scoped_by_owner!(
    company::Entity => company::Column::OwnerId,
    contact::Entity => contact::Column::OwnerId,
);
