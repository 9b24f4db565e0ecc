use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A team's lead (a manager sees the teams they lead), and the version and time of its last
/// change, so that two owners editing one team never overwrite each other unseen.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            uuid_null(Teams::LeadId).to_owned(),
            integer(Teams::Version).default(1).to_owned(),
            timestamp_with_time_zone_null(Teams::UpdatedAt).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Teams::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_teams_lead")
                    .table(Teams::Table)
                    .col(Teams::LeadId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_teams_lead")
                    .table(Teams::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Teams::UpdatedAt, Teams::Version, Teams::LeadId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Teams::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    LeadId,
    Version,
    UpdatedAt,
}
