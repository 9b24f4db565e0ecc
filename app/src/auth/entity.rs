//! The table of sessions: who is signed in where.

pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub token_hash: String,
        pub user_id: Uuid,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
        pub user_agent: Option<String>,
        pub ip: Option<String>,
        /// The SHA-256 of the device cookie the browser had when the session began.
        pub device_hash: Option<String>,
        /// Opened from a browser this person had not signed in from before.
        pub new_device: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "crate::core::users::entity::user::Entity",
            from = "Column::UserId",
            to = "crate::core::users::entity::user::Column::Id"
        )]
        User,
    }

    impl Related<crate::core::users::entity::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
