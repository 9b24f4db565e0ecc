pub mod ticket {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "tickets")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub number: i64,
        pub subject: String,
        pub contact_id: Uuid,
        pub company_id: Option<Uuid>,
        pub order_id: Option<Uuid>,
        pub status: String,
        pub priority: String,
        pub channel: String,
        pub assignee_id: Option<Uuid>,
        pub team_id: Option<Uuid>,
        pub search_text: String,
        pub first_response_due_at: Option<DateTimeUtc>,
        pub resolve_due_at: Option<DateTimeUtc>,
        pub first_response_at: Option<DateTimeUtc>,
        pub pending_since: Option<DateTimeUtc>,
        pub solved_at: Option<DateTimeUtc>,
        pub closed_at: Option<DateTimeUtc>,
        pub satisfaction: Option<i16>,
        pub satisfaction_comment: Option<String>,
        pub last_incoming_at: DateTimeUtc,
        pub created_by: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub paused_minutes: i32,
        pub due_at: Option<DateTimeUtc>,
        pub risk_at: Option<DateTimeUtc>,
        pub survey_sent_at: Option<DateTimeUtc>,
        pub rated_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod tag {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "ticket_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub ticket_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub tag: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod message {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "ticket_messages")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub ticket_id: Uuid,
        pub kind: String,
        pub author_id: Option<Uuid>,
        pub body: String,
        pub email_message_id: Option<String>,
        pub created_at: DateTimeUtc,
        /// When the mail server took a reply; a retry finds it set and sends nothing.
        pub sent_at: Option<DateTimeUtc>,
        /// The sender of an incoming email.
        pub from_email: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod read {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "ticket_reads")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub ticket_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub read_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod canned {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "canned_replies")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub title: String,
        pub body: String,
        pub created_by: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod counter {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "counters")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        pub value: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Edits name the version they read (see `core::records`).
crate::core::records::versioned!(ticket::Entity);

/// A ticket is seen with its requester: whoever sees the customer sees what they asked.
impl crate::core::policy::Scoped for ticket::Entity {
    fn seen_by(scope: crate::core::policy::Scope) -> Option<sea_orm::Condition> {
        crate::core::policy::through::<crate::customers::entity::contact::Entity>(
            scope,
            ticket::Column::ContactId,
        )
    }
}
