//! A fresh, migrated database for each test, on SQLite and on PostgreSQL, removed when the
//! test is done with it.
//!
//! `db_test!(case)` turns `async fn case(conn: &DatabaseConnection)` into two tests,
//! `case::sqlite` and `case::postgres`, so every service test runs the same body on both.
//! PostgreSQL tests need `BANYAN_TEST_POSTGRES_URL`, a URL of a role allowed to create
//! databases; the project's test command starts a server and sets it. Each test process
//! migrates one template database once, and every test's database is a copy of it: copying
//! is much faster than running every migration again for every test.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// A migrated database of its own for one test.
pub struct TestDb {
    pub conn: DatabaseConnection,
    place: Place,
}

enum Place {
    File(PathBuf),
    Postgres { name: String },
}

impl TestDb {
    /// A new SQLite file in the system's temporary folder, migrated.
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("banyan-test-{}.db", Uuid::now_v7()));
        let conn = migrated(&format!("sqlite://{}?mode=rwc", path.display())).await;
        TestDb {
            conn,
            place: Place::File(path),
        }
    }

    /// A new PostgreSQL database on the test server, a copy of this process's migrated
    /// template.
    pub async fn postgres() -> Self {
        let template = TEMPLATE.get_or_init(template).await;
        let name = format!("banyan_test_{}", Uuid::now_v7().simple());
        admin(&format!(
            "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE {template}"
        ))
        .await;
        let conn = super::connect(&database_url(&name))
            .await
            .expect("connect to the test database");
        TestDb {
            conn,
            place: Place::Postgres { name },
        }
    }

    /// A new database on the same kind of server as `conn`.
    pub async fn like(conn: &DatabaseConnection) -> Self {
        match conn.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => Self::postgres().await,
            _ => Self::sqlite().await,
        }
    }

    /// Closes the database and removes it. A test that fails leaves its database behind: the
    /// test command drops what is left at its next start, and SQLite's files are in the
    /// temporary folder.
    pub async fn remove(self) {
        self.conn.close().await.expect("close the test database");
        match self.place {
            Place::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    // The write-ahead files exist only while a connection was open.
                    let _ = std::fs::remove_file(file);
                }
            }
            Place::Postgres { name } => {
                admin(&format!("DROP DATABASE IF EXISTS {name}")).await;
            }
        }
    }
}

/// The migrated database that this process's PostgreSQL tests copy.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

async fn template() -> String {
    let name = format!("banyan_test_template_{}", Uuid::now_v7().simple());
    admin(&format!(
        "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
    ))
    .await;
    // A database is copied only while nobody is connected to it.
    migrated(&database_url(&name))
        .await
        .close()
        .await
        .expect("close the template database");
    name
}

fn admin_url() -> String {
    std::env::var("BANYAN_TEST_POSTGRES_URL").expect(
        "BANYAN_TEST_POSTGRES_URL is not set: run the test command of the README, \
         which starts PostgreSQL and sets it",
    )
}

fn database_url(name: &str) -> String {
    let admin_url = admin_url();
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL ends in /name");
    format!("{base}/{name}")
}

/// Runs a statement as the test role on its own database.
async fn admin(statement: &str) {
    let admin = super::connect(&admin_url())
        .await
        .expect("connect to the test PostgreSQL");
    admin
        .execute_unprepared(statement)
        .await
        .unwrap_or_else(|err| panic!("{statement}: {err}"));
    admin.close().await.expect("close the admin connection");
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
                let db = $crate::core::db::testing::TestDb::sqlite().await;
                super::$case(&db.conn).await;
                db.remove().await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = $crate::core::db::testing::TestDb::postgres().await;
                super::$case(&db.conn).await;
                db.remove().await;
            }
        }
    };
}
