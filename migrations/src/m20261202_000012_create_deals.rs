use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Pipelines with their stages, deals on them with every stage change, and the exchange rates
/// that turn deals in other currencies into the workspace's base currency for totals.
///
/// A deal's place in its column is a fractional rank: a string that sorts between its
/// neighbours, so moving one card rewrites that card only. It must sort byte by byte, which
/// PostgreSQL does only under the "C" collation (SQLite's default already does).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Pipelines::Table)
                    .col(pk_uuid(Pipelines::Id))
                    .col(string_len(Pipelines::Name, 100))
                    .col(integer(Pipelines::Position))
                    .col(integer(Pipelines::Version).default(1))
                    .col(timestamp_with_time_zone(Pipelines::CreatedAt))
                    .col(timestamp_with_time_zone(Pipelines::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Stages::Table)
                    .col(pk_uuid(Stages::Id))
                    .col(uuid(Stages::PipelineId))
                    .col(string_len(Stages::Name, 60))
                    .col(integer(Stages::Position))
                    .col(integer(Stages::Probability))
                    .col(string_len(Stages::Kind, 8))
                    .col(integer_null(Stages::RottingDays))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_stages_pipeline")
                            .from(Stages::Table, Stages::PipelineId)
                            .to(Pipelines::Table, Pipelines::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let mut rank = ColumnDef::new(Deals::Rank);
        rank.string_len(255).not_null();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            rank.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(Deals::Table)
                    .col(pk_uuid(Deals::Id))
                    .col(uuid(Deals::PipelineId))
                    .col(uuid(Deals::StageId))
                    .col(string_len(Deals::Title, 200))
                    .col(string_len(Deals::SearchText, 500))
                    .col(big_integer(Deals::AmountMinor))
                    .col(string_len(Deals::Currency, 3))
                    .col(date_null(Deals::ExpectedClose))
                    .col(uuid_null(Deals::ContactId))
                    .col(uuid_null(Deals::CompanyId))
                    .col(uuid_null(Deals::OwnerId))
                    .col(rank)
                    .col(string_len(Deals::Status, 8))
                    .col(string_len_null(Deals::CloseReason, 200))
                    .col(timestamp_with_time_zone(Deals::StageEnteredAt))
                    .col(timestamp_with_time_zone_null(Deals::ClosedAt))
                    .col(timestamp_with_time_zone_null(Deals::ArchivedAt))
                    .col(uuid_null(Deals::CreatedBy))
                    .col(integer(Deals::Version).default(1))
                    .col(timestamp_with_time_zone(Deals::CreatedAt))
                    .col(timestamp_with_time_zone(Deals::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deals_pipeline")
                            .from(Deals::Table, Deals::PipelineId)
                            .to(Pipelines::Table, Pipelines::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deals_stage")
                            .from(Deals::Table, Deals::StageId)
                            .to(Stages::Table, Stages::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deals_contact")
                            .from(Deals::Table, Deals::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deals_company")
                            .from(Deals::Table, Deals::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deals_owner")
                            .from(Deals::Table, Deals::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deals_created_by")
                            .from(Deals::Table, Deals::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DealStageHistory::Table)
                    .col(pk_uuid(DealStageHistory::Id))
                    .col(uuid(DealStageHistory::DealId))
                    .col(uuid_null(DealStageHistory::FromStageId))
                    .col(uuid(DealStageHistory::ToStageId))
                    .col(uuid_null(DealStageHistory::MovedBy))
                    .col(timestamp_with_time_zone(DealStageHistory::MovedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deal_stage_history_deal")
                            .from(DealStageHistory::Table, DealStageHistory::DealId)
                            .to(Deals::Table, Deals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deal_stage_history_user")
                            .from(DealStageHistory::Table, DealStageHistory::MovedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExchangeRates::Table)
                    .col(string_len(ExchangeRates::Currency, 3).primary_key())
                    .col(big_integer(ExchangeRates::PerUnitNano))
                    .col(timestamp_with_time_zone(ExchangeRates::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        // The board reads a column in rank order; the other indexes serve the filters and the
        // contact and company pages.
        let indexes = [
            Index::create()
                .name("idx_stages_pipeline")
                .table(Stages::Table)
                .col(Stages::PipelineId)
                .col(Stages::Position)
                .to_owned(),
            Index::create()
                .name("idx_deals_stage_rank")
                .table(Deals::Table)
                .col(Deals::StageId)
                .col(Deals::Rank)
                .to_owned(),
            Index::create()
                .name("idx_deals_owner")
                .table(Deals::Table)
                .col(Deals::OwnerId)
                .to_owned(),
            Index::create()
                .name("idx_deals_contact")
                .table(Deals::Table)
                .col(Deals::ContactId)
                .to_owned(),
            Index::create()
                .name("idx_deals_company")
                .table(Deals::Table)
                .col(Deals::CompanyId)
                .to_owned(),
            Index::create()
                .name("idx_deals_status_close")
                .table(Deals::Table)
                .col(Deals::Status)
                .col(Deals::ExpectedClose)
                .to_owned(),
            Index::create()
                .name("idx_deal_stage_history_deal")
                .table(DealStageHistory::Table)
                .col(DealStageHistory::DealId)
                .col(DealStageHistory::MovedAt)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ExchangeRates::Table.into_iden(),
            DealStageHistory::Table.into_iden(),
            Deals::Table.into_iden(),
            Stages::Table.into_iden(),
            Pipelines::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Pipelines {
    Table,
    Id,
    Name,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Stages {
    Table,
    Id,
    PipelineId,
    Name,
    Position,
    Probability,
    Kind,
    RottingDays,
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Id,
    PipelineId,
    StageId,
    Title,
    SearchText,
    AmountMinor,
    Currency,
    ExpectedClose,
    ContactId,
    CompanyId,
    OwnerId,
    Rank,
    Status,
    CloseReason,
    StageEnteredAt,
    ClosedAt,
    ArchivedAt,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DealStageHistory {
    Table,
    Id,
    DealId,
    FromStageId,
    ToStageId,
    MovedBy,
    MovedAt,
}

#[derive(DeriveIden)]
enum ExchangeRates {
    Table,
    Currency,
    PerUnitNano,
    UpdatedAt,
}
