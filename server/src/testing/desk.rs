//! A workspace with an owner and a customer who has an address, and a mailer to a local SMTP
//! server, for the tests of the mail and campaign jobs, of inbound mail, of the analytics
//! command line and of who may do what (the access matrix).

use app::core::actor::Actor;
use app::core::files::Store;
use app::core::signing::SecretKey;
use app::customers::types::{Contact, ContactForm};
use app::workspace::types::SetupForm;
use sea_orm::DatabaseConnection;

use crate::config::MailConfig;
use crate::jobs::Mailer;

pub async fn owner(conn: &DatabaseConnection) -> Actor {
    let form = SetupForm {
        company_name: "Acme Trading".into(),
        country: "CN".into(),
        time_zone: "Asia/Shanghai".into(),
        base_currency: "CNY".into(),
        default_locale: "en".into(),
        name: "Wang Fang".into(),
        email: "owner@acme.cn".into(),
        password: "correct horse".into(),
    };
    app::testing::owner_of(conn, form).await
}

pub async fn customer(
    conn: &DatabaseConnection,
    owner: &Actor,
    name: &str,
    email: &str,
) -> Contact {
    let form = ContactForm {
        name: name.into(),
        email: email.into(),
        source: "email".into(),
        lifecycle: "customer".into(),
        ..ContactForm::default()
    };
    app::customers::service::create(conn, owner, &form)
        .await
        .unwrap()
}

/// The mail job, sending to the SMTP server on `port` with the workspace's links on
/// `https://crm.acme.cn`.
pub fn mailer(conn: &DatabaseConnection, port: u16) -> Mailer {
    let config = MailConfig {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        from: "Acme Support <help@desk.acme.cn>".parse().unwrap(),
        inbound_secret: None,
    };
    Mailer::new(
        conn.clone(),
        Store::temporary(),
        SecretKey::for_tests(),
        "https://crm.acme.cn".into(),
        &config,
    )
    .unwrap()
}
