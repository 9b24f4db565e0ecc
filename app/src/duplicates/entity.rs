//! The tables of merges and the contacts each involves.

pub mod contact_merge {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "contact_merges")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub survivor_id: Uuid,
        pub user_id: Option<Uuid>,
        /// Everything the merge changed, to undo it: see `merge::Snapshot`.
        pub snapshot: Json,
        /// The survivor's version right after the merge: an undo finds it unchanged or refuses.
        pub survivor_version: i32,
        pub created_at: DateTimeUtc,
        pub undone_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod contact_merge_member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "contact_merge_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub merge_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub contact_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
