//! The tables of interactions, orders and order lines.

pub mod interaction {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "interactions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub contact_id: Uuid,
        pub company_id: Option<Uuid>,
        pub kind: String,
        pub direction: Option<String>,
        pub occurred_at: DateTimeUtc,
        pub user_id: Option<Uuid>,
        pub subject: Option<String>,
        pub body: Option<String>,
        pub last_job_id: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod order {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "orders")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub contact_id: Option<Uuid>,
        pub company_id: Option<Uuid>,
        pub number: String,
        pub external_id: Option<String>,
        pub ordered_at: DateTimeUtc,
        pub amount_minor: i64,
        pub currency: String,
        pub status: String,
        pub note: Option<String>,
        pub created_by: Option<Uuid>,
        pub last_job_id: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod order_line {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "order_lines")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub order_id: Uuid,
        pub position: i32,
        pub description: String,
        pub quantity: i32,
        pub unit_amount_minor: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(order::Entity);

/// An order is seen with its customer; one whose customer was erased, by those who see all.
impl crate::core::policy::Scoped for order::Entity {
    fn seen_by(scope: crate::core::policy::Scope) -> Option<sea_orm::Condition> {
        crate::core::policy::through::<crate::customers::entity::contact::Entity>(
            scope,
            order::Column::ContactId,
        )
    }
}
