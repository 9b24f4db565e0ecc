//! A fresh, migrated database for each test, on SQLite and on PostgreSQL.
//!
//! `db_test!(case)` turns `async fn case(conn: &DatabaseConnection)` into two tests,
//! `case::sqlite` and `case::postgres`, so every service test runs the same body on both.
//! PostgreSQL tests need `BANYAN_TEST_POSTGRES_URL`, a URL of a role allowed to create
//! databases; the project's test command starts a server and sets it.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

/// A new SQLite file in the system's temporary folder, migrated.
pub async fn sqlite() -> DatabaseConnection {
    let path = std::env::temp_dir().join(format!("banyan-test-{}.db", Uuid::now_v7()));
    migrated(&format!("sqlite://{}?mode=rwc", path.display())).await
}

/// A new PostgreSQL database on the test server, migrated.
pub async fn postgres() -> DatabaseConnection {
    let admin_url = std::env::var("BANYAN_TEST_POSTGRES_URL").expect(
        "BANYAN_TEST_POSTGRES_URL is not set: run the test command of the README, \
         which starts PostgreSQL and sets it",
    );
    let admin = super::connect(&admin_url)
        .await
        .expect("connect to the test PostgreSQL");
    let name = format!("banyan_test_{}", Uuid::now_v7().simple());
    admin
        .execute_unprepared(&format!(
            "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
        ))
        .await
        .expect("create a test database");
    admin.close().await.expect("close the admin connection");
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL ends in /name");
    migrated(&format!("{base}/{name}")).await
}

async fn migrated(url: &str) -> DatabaseConnection {
    let conn = super::connect(url)
        .await
        .expect("connect to the test database");
    super::migrate(&conn)
        .await
        .expect("migrate the test database");
    conn
}

/// Runs one async test body against a fresh SQLite and a fresh PostgreSQL database.
#[macro_export]
macro_rules! db_test {
    ($case:ident) => {
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                super::$case(&$crate::core::db::testing::sqlite().await).await;
            }

            #[tokio::test]
            async fn postgres() {
                super::$case(&$crate::core::db::testing::postgres().await).await;
            }
        }
    };
}
