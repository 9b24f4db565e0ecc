use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A number that moves whenever orders change, so that what is computed from every order (the
/// contact page's "customers most alike") can be kept between requests and known stale by one
/// row's read. Triggers move it, so no writer (imports, merges, erasure, a future API, a
/// contact deleted under its orders) can forget to; it is moved in the writing transaction,
/// so a reader never sees the new number before the orders it stands for.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Revisions::Table)
                    .col(
                        ColumnDef::new(Revisions::Name)
                            .string_len(32)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Revisions::Value)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("INSERT INTO revisions (name, value) VALUES ('orders', 0)")
            .await?;
        let bump = "UPDATE revisions SET value = value + 1 WHERE name = 'orders';";
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION count_order_change() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN {bump} RETURN NULL; END $$"
            ))
            .await?;
            // Once per statement: an import of 10,000 orders moves it once.
            db.execute_unprepared(
                "CREATE TRIGGER orders_changed AFTER INSERT OR UPDATE OR DELETE ON orders \
                 FOR EACH STATEMENT EXECUTE FUNCTION count_order_change()",
            )
            .await?;
        } else {
            // SQLite has row triggers only; its writers take turns anyway.
            for (name, change) in TRIGGERS {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name} AFTER {change} ON orders BEGIN {bump} END"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER orders_changed ON orders")
                .await?;
            db.execute_unprepared("DROP FUNCTION count_order_change()")
                .await?;
        } else {
            for (name, _) in TRIGGERS {
                db.execute_unprepared(&format!("DROP TRIGGER {name}"))
                    .await?;
            }
        }
        manager
            .drop_table(Table::drop().table(Revisions::Table).to_owned())
            .await
    }
}

/// SQLite's triggers, one per kind of change.
const TRIGGERS: [(&str, &str); 3] = [
    ("orders_inserted", "INSERT"),
    ("orders_updated", "UPDATE"),
    ("orders_deleted", "DELETE"),
];

#[derive(DeriveIden)]
enum Revisions {
    Table,
    Name,
    Value,
}
