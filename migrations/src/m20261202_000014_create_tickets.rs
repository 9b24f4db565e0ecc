use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::{Teams, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The service desk: tickets with their thread of replies and internal notes, who has read
/// them, the canned replies agents insert, and a counter for the numbers people quote (#1042).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Counters::Table)
                    .col(string_len(Counters::Name, 32).primary_key())
                    .col(big_integer(Counters::Value))
                    .to_owned(),
            )
            .await?;
        // The first ticket is #1001: a four-digit number reads as a ticket, not a count.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Counters::Table)
                    .columns([Counters::Name, Counters::Value])
                    .values_panic(["tickets".into(), 1000_i64.into()])
                    .to_owned(),
            )
            .await?;
        let fk = |name: &str, from: Tickets, to: TableRef, on_delete| {
            ForeignKey::create()
                .name(name)
                .from(Tickets::Table, from)
                .to(to, Alias::new("id"))
                .on_delete(on_delete)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .col(pk_uuid(Tickets::Id))
                    .col(big_integer(Tickets::Number))
                    .col(string_len(Tickets::Subject, 200))
                    .col(uuid(Tickets::ContactId))
                    .col(uuid_null(Tickets::CompanyId))
                    .col(uuid_null(Tickets::OrderId))
                    .col(string_len(Tickets::Status, 16))
                    .col(string_len(Tickets::Priority, 16))
                    .col(string_len(Tickets::Channel, 16))
                    .col(uuid_null(Tickets::AssigneeId))
                    .col(uuid_null(Tickets::TeamId))
                    .col(string_len(Tickets::SearchText, 600))
                    .col(timestamp_with_time_zone_null(Tickets::FirstResponseDueAt))
                    .col(timestamp_with_time_zone_null(Tickets::ResolveDueAt))
                    .col(timestamp_with_time_zone_null(Tickets::FirstResponseAt))
                    .col(timestamp_with_time_zone_null(Tickets::PendingSince))
                    .col(timestamp_with_time_zone_null(Tickets::SolvedAt))
                    .col(timestamp_with_time_zone_null(Tickets::ClosedAt))
                    .col(small_integer_null(Tickets::Satisfaction))
                    .col(text_null(Tickets::SatisfactionComment))
                    .col(timestamp_with_time_zone(Tickets::LastIncomingAt))
                    .col(uuid_null(Tickets::CreatedBy))
                    .col(integer(Tickets::Version).default(1))
                    .col(timestamp_with_time_zone(Tickets::CreatedAt))
                    .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_tickets_contact",
                        Tickets::ContactId,
                        Contacts::Table.into_table_ref(),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_company",
                        Tickets::CompanyId,
                        Companies::Table.into_table_ref(),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_order",
                        Tickets::OrderId,
                        Orders::Table.into_table_ref(),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_assignee",
                        Tickets::AssigneeId,
                        Users::Table.into_table_ref(),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_team",
                        Tickets::TeamId,
                        Teams::Table.into_table_ref(),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_created_by",
                        Tickets::CreatedBy,
                        Users::Table.into_table_ref(),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketTags::Table)
                    .col(uuid(TicketTags::TicketId))
                    .col(string_len(TicketTags::Tag, 50))
                    .primary_key(
                        Index::create()
                            .col(TicketTags::TicketId)
                            .col(TicketTags::Tag),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_tags_ticket")
                            .from(TicketTags::Table, TicketTags::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketMessages::Table)
                    .col(pk_uuid(TicketMessages::Id))
                    .col(uuid(TicketMessages::TicketId))
                    .col(string_len(TicketMessages::Kind, 16))
                    .col(uuid_null(TicketMessages::AuthorId))
                    .col(text(TicketMessages::Body))
                    .col(string_len_null(TicketMessages::EmailMessageId, 300))
                    .col(timestamp_with_time_zone(TicketMessages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_messages_ticket")
                            .from(TicketMessages::Table, TicketMessages::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_messages_author")
                            .from(TicketMessages::Table, TicketMessages::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketReads::Table)
                    .col(uuid(TicketReads::TicketId))
                    .col(uuid(TicketReads::UserId))
                    .col(timestamp_with_time_zone(TicketReads::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(TicketReads::TicketId)
                            .col(TicketReads::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_reads_ticket")
                            .from(TicketReads::Table, TicketReads::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_reads_user")
                            .from(TicketReads::Table, TicketReads::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CannedReplies::Table)
                    .col(pk_uuid(CannedReplies::Id))
                    .col(string_len(CannedReplies::Title, 100))
                    .col(text(CannedReplies::Body))
                    .col(uuid_null(CannedReplies::CreatedBy))
                    .col(integer(CannedReplies::Version).default(1))
                    .col(timestamp_with_time_zone(CannedReplies::CreatedAt))
                    .col(timestamp_with_time_zone(CannedReplies::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_canned_replies_created_by")
                            .from(CannedReplies::Table, CannedReplies::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        // The inbox's views filter by status and by assignee and list the oldest waiting
        // first; a contact's page lists their tickets; a thread reads in order.
        let indexes = [
            Index::create()
                .name("idx_tickets_number")
                .table(Tickets::Table)
                .col(Tickets::Number)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_tickets_status")
                .table(Tickets::Table)
                .col(Tickets::Status)
                .col(Tickets::CreatedAt)
                .to_owned(),
            Index::create()
                .name("idx_tickets_assignee")
                .table(Tickets::Table)
                .col(Tickets::AssigneeId)
                .col(Tickets::Status)
                .col(Tickets::CreatedAt)
                .to_owned(),
            Index::create()
                .name("idx_tickets_contact")
                .table(Tickets::Table)
                .col(Tickets::ContactId)
                .to_owned(),
            Index::create()
                .name("idx_ticket_messages_ticket")
                .table(TicketMessages::Table)
                .col(TicketMessages::TicketId)
                .col(TicketMessages::CreatedAt)
                .to_owned(),
            Index::create()
                .name("idx_ticket_messages_email")
                .table(TicketMessages::Table)
                .col(TicketMessages::EmailMessageId)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CannedReplies::Table.into_iden(),
            TicketReads::Table.into_iden(),
            TicketMessages::Table.into_iden(),
            TicketTags::Table.into_iden(),
            Tickets::Table.into_iden(),
            Counters::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Number,
    Subject,
    ContactId,
    CompanyId,
    OrderId,
    Status,
    Priority,
    Channel,
    AssigneeId,
    TeamId,
    SearchText,
    FirstResponseDueAt,
    ResolveDueAt,
    FirstResponseAt,
    PendingSince,
    SolvedAt,
    ClosedAt,
    Satisfaction,
    SatisfactionComment,
    LastIncomingAt,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TicketTags {
    Table,
    TicketId,
    Tag,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    Id,
    TicketId,
    Kind,
    AuthorId,
    Body,
    EmailMessageId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketReads {
    Table,
    TicketId,
    UserId,
    ReadAt,
}

#[derive(DeriveIden)]
enum CannedReplies {
    Table,
    Id,
    Title,
    Body,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}
