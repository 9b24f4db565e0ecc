//! The tables of import jobs and their rejected rows.

pub mod import_job {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "import_jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Option<Uuid>,
        pub kind: String,
        pub status: String,
        pub file_name: String,
        pub content: String,
        pub options: Option<Json>,
        pub total: i32,
        pub processed: i32,
        pub created: i32,
        pub updated: i32,
        pub skipped: i32,
        pub rejected: i32,
        pub error: Option<String>,
        pub heartbeat_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod import_rejection {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "import_rejections")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub job_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub line: i64,
        /// The row's cells as written, a JSON array.
        pub cells: String,
        /// Field → reasons, as JSON.
        pub reasons: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
