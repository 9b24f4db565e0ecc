//! What the mail benchmarks share: a workspace on a fresh SQLite file, and a mailer to a real
//! SMTP server on loopback.

use app::core::actor::Actor;
use app::core::files::Store;
use app::core::signing::SecretKey;
use app::testing::TestDb;
use app::workspace::types::SetupForm;
use sea_orm::DatabaseConnection;
use server::config::MailConfig;
use server::jobs::Mailer;

/// The benchmark's database (remove it when done) and its owner.
pub async fn workspace() -> (TestDb, Actor) {
    let db = TestDb::sqlite().await;
    let owner = app::testing::owner_of(
        &db.conn,
        SetupForm {
            company_name: "Bench Trading".into(),
            country: "CN".into(),
            time_zone: "Asia/Shanghai".into(),
            base_currency: "CNY".into(),
            default_locale: "zh-CN".into(),
            name: "王芳".into(),
            email: "owner@bench.example".into(),
            password: "correct horse".into(),
        },
    )
    .await;
    (db, owner)
}

/// Mails from `from` to the SMTP server on `port`.
pub fn mailer(conn: &DatabaseConnection, port: u16, from: &str) -> Mailer {
    let config = MailConfig {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        from: from.parse().expect("an address"),
        inbound_secret: None,
    };
    Mailer::new(
        conn.clone(),
        Store::temporary(),
        SecretKey::for_tests(),
        "http://127.0.0.1".into(),
        &config,
    )
    .expect("a mailer")
}
