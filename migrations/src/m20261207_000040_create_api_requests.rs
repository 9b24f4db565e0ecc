use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The answers to the REST API's creates sent with an `Idempotency-Key`, by token and key: a
/// create sent again (a retry whose answer was lost) gets the first answer, and nothing is made
/// twice. Kept a day.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiRequests::Table)
                    .col(uuid(ApiRequests::TokenId))
                    .col(string_len(ApiRequests::Key, 255))
                    .col(string_len(ApiRequests::Fingerprint, 64))
                    .col(small_integer(ApiRequests::Status))
                    .col(json(ApiRequests::Body))
                    .col(timestamp_with_time_zone(ApiRequests::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ApiRequests::TokenId)
                            .col(ApiRequests::Key),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_requests_token")
                            .from(ApiRequests::Table, ApiRequests::TokenId)
                            .to(ApiTokens::Table, ApiTokens::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiRequests::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiRequests {
    Table,
    TokenId,
    Key,
    Fingerprint,
    Status,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
}
