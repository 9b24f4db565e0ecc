//! The tables of campaigns, their frozen audiences and what the readers did.

pub mod campaign {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "campaigns")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub goal: Option<String>,
        pub channel: String,
        pub segment_id: Option<Uuid>,
        pub subject: String,
        pub html: String,
        /// The plain-text part.
        pub body: String,
        pub per_minute: i32,
        pub status: String,
        pub scheduled_at: Option<DateTimeUtc>,
        pub scheduled_by: Option<Uuid>,
        pub started_at: Option<DateTimeUtc>,
        pub finished_at: Option<DateTimeUtc>,
        /// Counts the times sending was (re)started: a mail event of an earlier run, left
        /// waiting by a pause, is dropped when it comes due.
        pub run: i32,
        /// What the campaign cost, for its return.
        pub cost_minor: Option<i64>,
        pub cost_currency: Option<String>,
        pub created_by: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod recipient {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "campaign_recipients")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub campaign_id: Uuid,
        pub contact_id: Uuid,
        /// The address as it was when the audience was frozen.
        pub email: Option<String>,
        /// queued, sent, failed or excluded.
        pub status: String,
        /// Why an excluded contact gets nothing: an `Exclusion`.
        pub excluded: Option<String>,
        /// The order of sending, which the throttle spaces out.
        pub position: i32,
        pub message_id: Option<String>,
        pub sent_at: Option<DateTimeUtc>,
        /// The mail server's answer when it refused the mail for good.
        pub error: Option<String>,
        pub unsubscribed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "campaign_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub campaign_id: Uuid,
        pub recipient_id: Uuid,
        /// open or click.
        pub kind: String,
        /// The clicked link's place among the campaign's links.
        pub link: Option<i32>,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(campaign::Entity);
