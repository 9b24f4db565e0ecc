//! First-run setup, on SQLite and on PostgreSQL.

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::service::{setup, setup_state};
use super::types::{SetupForm, SetupState};
use crate::auth::tests::{owner, setup_form};
use crate::core::actor::{Device, Role};
use crate::core::audit;
use crate::db_test;
use crate::error::{AppError, Invalid};

async fn setup_creates_the_owner_once(conn: &DatabaseConnection) {
    assert_eq!(setup_state(conn).await.unwrap(), SetupState::NeedsOwner);
    let owner = owner(conn).await;
    assert_eq!(owner.user.role, Role::Owner);
    assert_eq!(owner.user.email, "wang.fang@example.cn");
    assert_eq!(setup_state(conn).await.unwrap(), SetupState::Ready);
    let settings = crate::core::settings::service::get(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(settings.company_name, "榕树 贸易");
    let again = setup(conn, setup_form(), Device::default(), Utc::now()).await;
    assert_eq!(again.unwrap_err(), AppError::Forbidden);
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "workspace.setup"));
}
db_test!(setup_creates_the_owner_once);

async fn setup_reports_every_bad_field(conn: &DatabaseConnection) {
    let form = SetupForm {
        email: "not an email".into(),
        password: "short".into(),
        time_zone: "Mars/Olympus".into(),
        ..setup_form()
    };
    let err = setup(conn, form, Device::default(), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("email"), [Invalid::Email]);
    assert_eq!(err.field("password"), [Invalid::TooShort { min: 8 }]);
    assert_eq!(err.field("time_zone"), [Invalid::Choice]);
    assert_eq!(
        setup_state(conn).await.unwrap(),
        SetupState::NeedsOwner,
        "nothing written"
    );
}
db_test!(setup_reports_every_bad_field);
