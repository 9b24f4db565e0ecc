use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000003_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Files that came with a ticket's mail or that agents added: the bytes live in the data
/// folder, the rows say what they are and who may see them. An agent's upload waits without a
/// message until the reply it goes with is sent.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TicketAttachments::Table)
                    .col(pk_uuid(TicketAttachments::Id))
                    .col(uuid(TicketAttachments::TicketId))
                    .col(uuid_null(TicketAttachments::MessageId))
                    .col(string_len(TicketAttachments::FileName, 200))
                    .col(string_len(TicketAttachments::ContentType, 100))
                    .col(big_integer(TicketAttachments::Size))
                    .col(string_len(TicketAttachments::Sha256, 64))
                    .col(string_len(TicketAttachments::StorageKey, 100))
                    .col(uuid_null(TicketAttachments::UploadedBy))
                    .col(timestamp_with_time_zone(TicketAttachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_attachments_ticket")
                            .from(TicketAttachments::Table, TicketAttachments::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_attachments_message")
                            .from(TicketAttachments::Table, TicketAttachments::MessageId)
                            .to(TicketMessages::Table, TicketMessages::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_attachments_uploaded_by")
                            .from(TicketAttachments::Table, TicketAttachments::UploadedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_ticket_attachments_ticket", TicketAttachments::TicketId),
            (
                "idx_ticket_attachments_message",
                TicketAttachments::MessageId,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(TicketAttachments::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TicketAttachments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TicketAttachments {
    Table,
    Id,
    TicketId,
    MessageId,
    FileName,
    ContentType,
    Size,
    Sha256,
    StorageKey,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    Id,
}
