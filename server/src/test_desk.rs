//! A workspace with an owner and a customer who has an address, for the tests of the mail job,
//! of inbound mail and of the analytics command line.

use app::auth::session::Signed;
use app::auth::types::SetupForm;
use app::customers::types::{Contact, ContactForm};
use sea_orm::DatabaseConnection;

pub async fn owner(conn: &DatabaseConnection) -> Signed {
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
    app::db::testing::owner_of(conn, form).await
}

pub async fn customer(
    conn: &DatabaseConnection,
    owner: &Signed,
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
