use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The service desk's own calendar and targets: its working days and hours (and time zone,
/// when not the workspace's), its holidays, and the first-response and resolution targets of
/// each priority. No rows mean the defaults: office hours and Banyan's targets.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceHours::Table)
                    .col(integer(ServiceHours::Id).primary_key())
                    // Monday first: "1111100" works Monday to Friday.
                    .col(string_len(ServiceHours::Days, 7))
                    .col(integer(ServiceHours::OpensMinute))
                    .col(integer(ServiceHours::ClosesMinute))
                    .col(string_len_null(ServiceHours::TimeZone, 64))
                    .col(integer(ServiceHours::Version).default(1))
                    .col(timestamp_with_time_zone(ServiceHours::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SlaPolicies::Table)
                    .col(string_len(SlaPolicies::Priority, 16).primary_key())
                    .col(integer(SlaPolicies::FirstResponseMinutes))
                    .col(integer(SlaPolicies::ResolveMinutes))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Holidays::Table)
                    .col(date(Holidays::Day).primary_key())
                    .col(string_len(Holidays::Name, 100))
                    .to_owned(),
            )
            .await?;
        // The SLA report counts the tickets that came in over a span of days.
        manager
            .create_index(
                Index::create()
                    .name("idx_tickets_created")
                    .table(Tickets::Table)
                    .col(Tickets::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_tickets_created")
                    .table(Tickets::Table)
                    .to_owned(),
            )
            .await?;
        for table in [
            ServiceHours::Table.into_iden(),
            SlaPolicies::Table.into_iden(),
            Holidays::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ServiceHours {
    Table,
    Id,
    Days,
    OpensMinute,
    ClosesMinute,
    TimeZone,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Priority,
    FirstResponseMinutes,
    ResolveMinutes,
}

#[derive(DeriveIden)]
enum Holidays {
    Table,
    Day,
    Name,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    CreatedAt,
}
