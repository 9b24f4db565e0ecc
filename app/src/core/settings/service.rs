use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, SqlErr};

use super::entity::{ActiveModel, Column, Entity, Model};
use super::types::{SettingsForm, WorkspaceSettings};
use crate::core::actor::{Actor, User};
use crate::core::policy::{self, Action};
use crate::core::{audit, parse, records};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::Locale;
use crate::i18n::choices::{COUNTRIES, CURRENCIES, TIME_ZONES, is_one_of};

const ROW: i32 = 1;

/// A settings form, checked field by field.
pub struct Valid {
    company_name: String,
    country: String,
    time_zone: String,
    base_currency: String,
    default_locale: Locale,
    restrict_sales_to_team: bool,
    track_campaign_mail: bool,
}

pub fn validate(form: &SettingsForm, check: &mut FieldCheck) -> Option<Valid> {
    let choice = |choices, code: &str| {
        if is_one_of(choices, code) {
            Ok(code.to_owned())
        } else {
            Err(Invalid::Choice)
        }
    };
    let company_name = check.check("company_name", parse::text(&form.company_name, 120));
    let country = check.check("country", choice(COUNTRIES, &form.country));
    let time_zone = check.check("time_zone", choice(TIME_ZONES, &form.time_zone));
    let base_currency = check.check("base_currency", choice(CURRENCIES, &form.base_currency));
    let default_locale = check.check(
        "default_locale",
        Locale::from_tag(&form.default_locale).ok_or(Invalid::Choice),
    );
    Some(Valid {
        company_name: company_name?,
        country: country?,
        time_zone: time_zone?,
        base_currency: base_currency?,
        default_locale: default_locale?,
        restrict_sales_to_team: form.restrict_sales_to_team.is_some(),
        track_campaign_mail: form.track_campaign_mail.is_some(),
    })
}

fn to_settings(model: Model) -> WorkspaceSettings {
    WorkspaceSettings {
        company_name: model.company_name,
        country: model.country,
        time_zone: model.time_zone,
        base_currency: model.base_currency,
        default_locale: Locale::from_tag(&model.default_locale).unwrap_or_default(),
        restrict_sales_to_team: model.restrict_sales_to_team,
        track_campaign_mail: model.track_campaign_mail,
        version: model.version,
    }
}

/// The settings, once the first-run setup has written them.
pub async fn get<C: ConnectionTrait>(conn: &C) -> Result<Option<WorkspaceSettings>, AppError> {
    Ok(Entity::find_by_id(ROW).one(conn).await?.map(to_settings))
}

/// The workspace's currency, in which amounts sent without one are.
pub async fn base_currency<C: ConnectionTrait>(conn: &C) -> Result<String, AppError> {
    Ok(get(conn)
        .await?
        .map(|s| s.base_currency)
        .unwrap_or_else(|| "CNY".to_owned()))
}

/// The workspace's time zone, in which reports count their days and months.
pub async fn zone<C: ConnectionTrait>(conn: &C) -> Result<chrono_tz::Tz, AppError> {
    Ok(get(conn).await?.map_or(chrono_tz::Tz::UTC, |s| s.zone()))
}

/// Today in the workspace's time zone: the day reports count up to.
pub async fn today<C: ConnectionTrait>(conn: &C) -> Result<chrono::NaiveDate, AppError> {
    Ok(chrono::Utc::now()
        .with_timezone(&zone(conn).await?)
        .date_naive())
}

/// The time zone a user reads and writes times in: theirs, else the workspace's.
pub async fn user_zone<C: ConnectionTrait>(
    conn: &C,
    user: &User,
) -> Result<chrono_tz::Tz, AppError> {
    match own_zone(user.time_zone.as_deref()) {
        Some(zone) => Ok(zone),
        None => zone(conn).await,
    }
}

/// The time zone a person chose, if they chose one that exists.
pub fn own_zone(name: Option<&str>) -> Option<chrono_tz::Tz> {
    name?.parse().ok()
}

/// Writes the first settings, during first-run setup. Fails with `Forbidden` when they exist:
/// the primary key makes a second setup lose even when two race.
pub async fn create<C: ConnectionTrait>(conn: &C, valid: Valid) -> Result<(), AppError> {
    let inserted = ActiveModel {
        id: Set(ROW),
        company_name: Set(valid.company_name),
        country: Set(valid.country),
        time_zone: Set(valid.time_zone),
        base_currency: Set(valid.base_currency),
        default_locale: Set(valid.default_locale.tag().to_owned()),
        restrict_sales_to_team: Set(valid.restrict_sales_to_team),
        track_campaign_mail: Set(valid.track_campaign_mail),
        two_factor_roles: Set(String::new()),
        version: Set(1),
        updated_at: Set(Utc::now()),
    }
    .insert(conn)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(AppError::Forbidden)
        }
        Err(err) => Err(err.into()),
    }
}

/// Saves the owner's changes, provided nobody saved since `version` was read.
pub async fn update(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &SettingsForm,
    version: i32,
) -> Result<WorkspaceSettings, AppError> {
    policy::require(conn, actor, Action::ManageSettings, "settings.update").await?;
    let mut check = FieldCheck::default();
    let valid = validate(form, &mut check).ok_or_else(|| check.into_error())?;

    let txn = crate::core::db::write(conn).await?;
    let before = get(&txn).await?.ok_or(AppError::NotFound)?;
    let change = Entity::update_many()
        .col_expr(Column::CompanyName, Expr::value(valid.company_name))
        .col_expr(Column::Country, Expr::value(valid.country))
        .col_expr(Column::TimeZone, Expr::value(valid.time_zone))
        .col_expr(Column::BaseCurrency, Expr::value(valid.base_currency))
        .col_expr(
            Column::DefaultLocale,
            Expr::value(valid.default_locale.tag()),
        )
        .col_expr(
            Column::RestrictSalesToTeam,
            Expr::value(valid.restrict_sales_to_team),
        )
        .col_expr(
            Column::TrackCampaignMail,
            Expr::value(valid.track_campaign_mail),
        );
    let current = async || get(&txn).await?.ok_or(AppError::NotFound);
    records::update_versioned(&txn, change, ROW, version, Utc::now(), current).await?;
    let after = get(&txn).await?.ok_or(AppError::NotFound)?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "settings.update", "settings", None)
            .changes(audit::changes(&before, &after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use sea_orm::DatabaseConnection;

    use super::*;
    use crate::auth::session;
    use crate::core::actor::Device;
    use crate::db_test;
    use crate::workspace::service::setup;
    use crate::workspace::types::SetupForm;

    async fn saves_changes_and_refuses_stale_ones(conn: &DatabaseConnection) {
        let form = SetupForm {
            company_name: "Banyan Trading".into(),
            country: "SG".into(),
            time_zone: "Asia/Singapore".into(),
            base_currency: "SGD".into(),
            default_locale: "en".into(),
            name: "Emily Chen".into(),
            email: "emily@example.sg".into(),
            password: "correct horse".into(),
        };
        let (_, token) = setup(conn, form, Device::default(), Utc::now())
            .await
            .unwrap();
        let owner = session::resolve(conn, &token, Utc::now())
            .await
            .unwrap()
            .unwrap();
        let before = get(conn).await.unwrap().unwrap();
        let change = SettingsForm {
            company_name: "Banyan Trading Pte".into(),
            country: "SG".into(),
            time_zone: "Asia/Singapore".into(),
            base_currency: "USD".into(),
            default_locale: "zh-CN".into(),
            restrict_sales_to_team: Some("on".into()),
            track_campaign_mail: None,
        };
        assert!(before.track_campaign_mail, "on from the setup");
        let after = update(conn, &owner, &change, before.version).await.unwrap();
        assert_eq!(after.base_currency, "USD");
        assert!(after.restrict_sales_to_team);
        assert!(!after.track_campaign_mail);
        assert_eq!(after.version, before.version + 1);
        assert!(policy::rules(conn).await.unwrap().restrict_sales_to_team);

        let stale = update(conn, &owner, &change, before.version)
            .await
            .unwrap_err();
        assert!(
            matches!(stale, AppError::Conflict { ref current } if current["base_currency"] == "USD")
        );
        let bad = SettingsForm {
            base_currency: "XYZ".into(),
            ..change
        };
        let err = update(conn, &owner, &bad, after.version).await.unwrap_err();
        assert_eq!(err.field("base_currency"), [Invalid::Choice]);
    }
    db_test!(saves_changes_and_refuses_stale_ones);
}
