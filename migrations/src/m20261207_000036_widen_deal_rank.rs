use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A deal's rank without a length limit. Ranks grow by a digit every few cards put at the same
/// end of a column, and a stage that gathered some thousand new deals outgrew 255 characters:
/// PostgreSQL refused the next card (SQLite never enforced the limit). `text` keeps the byte
/// order (`COLLATE "C"`) the board sorts by.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(r#"ALTER TABLE deals ALTER COLUMN rank TYPE text COLLATE "C""#)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    r#"ALTER TABLE deals ALTER COLUMN rank TYPE varchar(255) COLLATE "C""#,
                )
                .await?;
        }
        Ok(())
    }
}
