use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A contact's history (calls, emails, meetings, notes, SMS) and orders with their lines.
///
/// History belongs to the person and goes with them when they are erased; orders only lose
/// their link (the books keep them, anonymized). Deals and tickets, which come later, link to
/// history from their own tables.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Interactions::Table)
                    .col(pk_uuid(Interactions::Id))
                    .col(uuid(Interactions::ContactId))
                    .col(uuid_null(Interactions::CompanyId))
                    .col(string_len(Interactions::Kind, 16))
                    .col(string_len_null(Interactions::Direction, 16))
                    .col(timestamp_with_time_zone(Interactions::OccurredAt))
                    .col(uuid_null(Interactions::UserId))
                    .col(string_len_null(Interactions::Subject, 200))
                    .col(text_null(Interactions::Body))
                    .col(uuid_null(Interactions::LastJobId))
                    .col(integer(Interactions::Version).default(1))
                    .col(timestamp_with_time_zone(Interactions::CreatedAt))
                    .col(timestamp_with_time_zone(Interactions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_interactions_contact")
                            .from(Interactions::Table, Interactions::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_interactions_company")
                            .from(Interactions::Table, Interactions::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_interactions_user")
                            .from(Interactions::Table, Interactions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(pk_uuid(Orders::Id))
                    .col(uuid_null(Orders::ContactId))
                    .col(uuid_null(Orders::CompanyId))
                    .col(string_len(Orders::Number, 64))
                    .col(timestamp_with_time_zone(Orders::OrderedAt))
                    .col(big_integer(Orders::AmountMinor))
                    .col(string_len(Orders::Currency, 3))
                    .col(string_len(Orders::Status, 16))
                    .col(text_null(Orders::Note))
                    .col(uuid_null(Orders::CreatedBy))
                    .col(uuid_null(Orders::LastJobId))
                    .col(integer(Orders::Version).default(1))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_contact")
                            .from(Orders::Table, Orders::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_company")
                            .from(Orders::Table, Orders::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_created_by")
                            .from(Orders::Table, Orders::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderLines::Table)
                    .col(pk_uuid(OrderLines::Id))
                    .col(uuid(OrderLines::OrderId))
                    .col(integer(OrderLines::Position))
                    .col(string_len(OrderLines::Description, 200))
                    .col(integer(OrderLines::Quantity))
                    .col(big_integer(OrderLines::UnitAmountMinor))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_lines_order")
                            .from(OrderLines::Table, OrderLines::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // A contact's timeline reads newest first, with the id as tie-breaker for cursors.
        let indexes = [
            Index::create()
                .name("idx_interactions_contact")
                .table(Interactions::Table)
                .col(Interactions::ContactId)
                .col(Interactions::OccurredAt)
                .col(Interactions::Id)
                .to_owned(),
            Index::create()
                .name("idx_interactions_company")
                .table(Interactions::Table)
                .col(Interactions::CompanyId)
                .col(Interactions::OccurredAt)
                .to_owned(),
            Index::create()
                .name("idx_orders_contact")
                .table(Orders::Table)
                .col(Orders::ContactId)
                .col(Orders::OrderedAt)
                .col(Orders::Id)
                .to_owned(),
            Index::create()
                .name("idx_orders_company")
                .table(Orders::Table)
                .col(Orders::CompanyId)
                .col(Orders::OrderedAt)
                .to_owned(),
            // Order numbers are how shops and ERPs name orders: one number, one order.
            Index::create()
                .name("idx_orders_number")
                .table(Orders::Table)
                .col(Orders::Number)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_order_lines_order")
                .table(OrderLines::Table)
                .col(OrderLines::OrderId)
                .col(OrderLines::Position)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OrderLines::Table.into_iden(),
            Orders::Table.into_iden(),
            Interactions::Table.into_iden(),
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
enum Interactions {
    Table,
    Id,
    ContactId,
    CompanyId,
    Kind,
    Direction,
    OccurredAt,
    UserId,
    Subject,
    Body,
    LastJobId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    ContactId,
    CompanyId,
    Number,
    OrderedAt,
    AmountMinor,
    Currency,
    Status,
    Note,
    CreatedBy,
    LastJobId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    Position,
    Description,
    Quantity,
    UnitAmountMinor,
}
