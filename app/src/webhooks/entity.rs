//! The tables of subscriptions and their deliveries.

pub mod webhook {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "webhooks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub url: String,
        pub description: String,
        /// The topics it wants, comma-separated.
        pub topics: String,
        /// The signing secret, sealed with the server's key.
        pub secret: String,
        pub active: bool,
        pub allow_private: bool,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    crate::core::records::versioned!(Entity);
}

pub mod delivery {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "webhook_deliveries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub webhook_id: Uuid,
        /// The outbox event it carries: the delivery's `webhook-id`, the same on every attempt.
        pub event_id: Uuid,
        pub topic: String,
        /// The JSON posted, kept so that every attempt sends the same bytes.
        pub body: String,
        pub status: String,
        pub attempts: i32,
        pub created_at: DateTimeUtc,
        pub next_at: DateTimeUtc,
        pub locked_until: Option<DateTimeUtc>,
        pub last_attempt_at: Option<DateTimeUtc>,
        pub response_status: Option<i32>,
        pub response: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
