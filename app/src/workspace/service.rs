//! First-run setup: the workspace's settings, its default pipeline and its owner, at once.

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait,
};

use super::types::{SetupForm, SetupState};
use crate::auth::service::{insert_user, validate_new_user};
use crate::auth::session;
use crate::auth::types::NewUserForm;
use crate::core::actor::{Device, Role, User};
use crate::core::code::TextCode;
use crate::core::settings::types::SettingsForm;
use crate::core::users::{entity::user, to_user};
use crate::core::{audit, db, settings};
use crate::error::{AppError, FieldCheck};
use crate::i18n::Locale;

pub async fn setup_state<C: ConnectionTrait>(conn: &C) -> Result<SetupState, AppError> {
    let users = user::Entity::find().count(conn).await?;
    Ok(if users == 0 {
        SetupState::NeedsOwner
    } else {
        SetupState::Ready
    })
}

/// Creates the workspace and its owner, and signs the owner in: the first-run screen. Only
/// possible once.
pub async fn setup(
    conn: &DatabaseConnection,
    form: SetupForm,
    device: Device,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
    let txn = db::write(conn).await?;
    let owner = create_in(&txn, form, now).await?;
    let token = session::start(&txn, owner.id, device, now).await?;
    txn.commit().await?;
    Ok((owner, token))
}

/// Creates the workspace and its owner, who signs in later: `banyan setup`. Only possible
/// once.
pub async fn create(
    conn: &DatabaseConnection,
    form: SetupForm,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let txn = db::write(conn).await?;
    let owner = create_in(&txn, form, now).await?;
    txn.commit().await?;
    Ok(owner)
}

async fn create_in(
    txn: &DatabaseTransaction,
    form: SetupForm,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let mut check = FieldCheck::default();
    let settings_form = SettingsForm {
        company_name: form.company_name,
        country: form.country,
        time_zone: form.time_zone.clone(),
        base_currency: form.base_currency,
        default_locale: form.default_locale.clone(),
        restrict_sales_to_team: None,
        track_campaign_mail: Some("on".to_owned()),
    };
    let valid_settings = settings::service::validate(&settings_form, &mut check);
    let account = NewUserForm {
        email: form.email,
        name: form.name,
        role: Role::Owner.as_str().to_owned(),
        password: form.password,
    };
    let valid_account = validate_new_user(&account, &mut check, false);
    let (Some(valid_settings), Some(account)) = (valid_settings, valid_account) else {
        return Err(check.into_error());
    };

    if setup_state(txn).await? == SetupState::Ready {
        return Err(AppError::Forbidden);
    }
    let locale = Locale::from_tag(&form.default_locale).unwrap_or_default();
    settings::service::create(txn, valid_settings).await?;
    crate::deals::pipelines::service::create_default(txn, locale).await?;
    let owner = to_user(insert_user(txn, account, Some(&form.default_locale), now).await?)?;
    audit::record(
        txn,
        audit::Entry::new(Some(owner.id), "workspace.setup", "user", Some(owner.id)),
    )
    .await?;
    Ok(owner)
}
