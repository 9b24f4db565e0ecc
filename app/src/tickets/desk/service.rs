//! The desk's calendar and targets: read by every ticket's clock, changed by owners and
//! managers. A change files the due times of every ticket still at work anew, so the inbox's
//! views follow the new hours at once; targets already met or missed stay as they were.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use serde_json::json;

use super::entity::{holiday, hours, policy};
use super::types::{
    DeskForm, DeskSettings, Holiday, HolidayForm, TargetHours, hours_text, parse_hours, parse_time,
    time_text,
};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy::{self as access, Action, Rules};
use crate::core::{audit, parse, settings};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::choices::{TIME_ZONES, is_one_of};
use crate::tickets::sla::{Calendar, DAY_MINUTES, Desk, Target};
use crate::tickets::types::Priority;

const ROW: i32 = 1;

fn workday(days: &str) -> [bool; 7] {
    let mut out = [false; 7];
    for (day, flag) in out.iter_mut().zip(days.chars()) {
        *day = flag == '1';
    }
    out
}

async fn workspace_zone<C: ConnectionTrait>(conn: &C) -> Result<String, AppError> {
    Ok(settings::service::get(conn)
        .await?
        .map(|s| s.time_zone)
        .unwrap_or_else(|| "UTC".to_owned()))
}

/// The desk as tickets' clocks count: its hours (office hours until someone sets them), its
/// holidays and its targets.
pub async fn desk<C: ConnectionTrait>(conn: &C) -> Result<Desk, AppError> {
    let row = hours::Entity::find_by_id(ROW).one(conn).await?;
    let zone_name = match row.as_ref().and_then(|r| r.time_zone.clone()) {
        Some(zone) => zone,
        None => workspace_zone(conn).await?,
    };
    let mut calendar = Calendar::office_hours(zone_name.parse().unwrap_or(chrono_tz::Tz::UTC));
    if let Some(row) = row {
        calendar.days = workday(&row.days);
        calendar.opens = u32::try_from(row.opens_minute).unwrap_or_default();
        calendar.closes = u32::try_from(row.closes_minute).unwrap_or(DAY_MINUTES);
    }
    calendar.holidays = holiday::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|h| h.day)
        .collect::<BTreeSet<_>>();
    let mut desk = Desk::standard(calendar.zone);
    desk.calendar = calendar;
    for row in policy::Entity::find().all(conn).await? {
        let Some(priority) = Priority::parse(&row.priority) else {
            continue;
        };
        desk.targets.retain(|t| t.priority != priority);
        desk.targets.push(Target {
            priority,
            first_response: i64::from(row.first_response_minutes),
            resolve: i64::from(row.resolve_minutes),
        });
    }
    Ok(desk)
}

/// The settings as the desk's screen shows them.
pub async fn get(conn: &DatabaseConnection, actor: &Actor) -> Result<DeskSettings, AppError> {
    access::require(conn, actor, Action::ViewTickets, "desk.read").await?;
    read(conn, actor).await
}

/// The hours and targets of a form, checked field by field.
struct Valid {
    days: String,
    opens: u32,
    closes: u32,
    time_zone: Option<String>,
    targets: Vec<Target>,
}

fn validate(form: &DeskForm) -> Result<Valid, AppError> {
    let mut check = FieldCheck::default();
    let mut days = [false; 7];
    for day in &form.days {
        match day.trim().parse::<usize>() {
            Ok(i) if i < 7 => days[i] = true,
            _ => check.refuse("days", Invalid::Choice),
        }
    }
    if !days.contains(&true) {
        check.refuse("days", Invalid::Required);
    }
    let opens = check.check("opens", parse_time(&form.opens));
    // A desk that closes at 00:00 works until midnight.
    let closes = check
        .check("closes", parse_time(&form.closes))
        .map(|m| if m == 0 { DAY_MINUTES } else { m });
    if let (Some(opens), Some(closes)) = (opens, closes)
        && closes <= opens
    {
        check.refuse("closes", Invalid::ClosesBeforeOpens);
    }
    let zone = form.time_zone.trim();
    let time_zone = if zone.is_empty() {
        None
    } else if is_one_of(TIME_ZONES, zone) {
        Some(zone.to_owned())
    } else {
        check.refuse("time_zone", Invalid::Choice);
        None
    };
    let mut targets = Vec::new();
    for (i, row) in form.targets.iter().enumerate() {
        let field = |name: &str| format!("targets.{i}.{name}");
        let priority = Priority::parse(row.priority.trim());
        if priority.is_none()
            || targets
                .iter()
                .any(|t: &Target| Some(t.priority) == priority)
        {
            check.refuse(&field("priority"), Invalid::Choice);
        }
        let first = check.check(&field("first_response"), parse_hours(&row.first_response));
        let resolve = check.check(&field("resolve"), parse_hours(&row.resolve));
        if let (Some(first), Some(resolve)) = (first, resolve)
            && resolve < first
        {
            check.refuse(&field("resolve"), Invalid::ResolveBeforeResponse);
        }
        if let (Some(priority), Some(first_response), Some(resolve)) = (priority, first, resolve) {
            targets.push(Target {
                priority,
                first_response,
                resolve,
            });
        }
    }
    check.finish()?;
    let days = days.iter().map(|d| if *d { '1' } else { '0' }).collect();
    Ok(Valid {
        days,
        opens: opens.unwrap_or_default(),
        closes: closes.unwrap_or_default(),
        time_zone,
        targets,
    })
}

/// Saves the desk's hours and targets over the version the screen read; a stale screen gets
/// the settings as they are now.
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &DeskForm,
    now: DateTime<Utc>,
) -> Result<DeskSettings, AppError> {
    access::require(conn, actor, Action::ManageDesk, "desk.save").await?;
    let valid = validate(form)?;
    let before = read(conn, actor).await?;
    let txn = crate::core::db::write(conn).await?;
    let row = hours::ActiveModel {
        id: Set(ROW),
        days: Set(valid.days),
        opens_minute: Set(i32::try_from(valid.opens).unwrap_or_default()),
        closes_minute: Set(i32::try_from(valid.closes).unwrap_or_default()),
        time_zone: Set(valid.time_zone),
        version: Set(form.version + 1),
        updated_at: Set(now),
    };
    let written = if form.version == 0 {
        match row.insert(&txn).await {
            Ok(_) => true,
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                false
            }
            Err(err) => return Err(err.into()),
        }
    } else {
        hours::Entity::update_many()
            .set(row)
            .filter(hours::Column::Id.eq(ROW))
            .filter(hours::Column::Version.eq(form.version))
            .exec(&txn)
            .await?
            .rows_affected
            == 1
    };
    if !written {
        return Err(AppError::conflict(&before));
    }
    for target in &valid.targets {
        policy::Entity::insert(policy::ActiveModel {
            priority: Set(target.priority.as_str().to_owned()),
            first_response_minutes: Set(i32::try_from(target.first_response).unwrap_or(i32::MAX)),
            resolve_minutes: Set(i32::try_from(target.resolve).unwrap_or(i32::MAX)),
        })
        .on_conflict(
            OnConflict::column(policy::Column::Priority)
                .update_columns([
                    policy::Column::FirstResponseMinutes,
                    policy::Column::ResolveMinutes,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    let refiled = refile(&txn).await?;
    let after = read(&txn, actor).await?;
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), "desk.save", "desk", None).changes(json!({
            "changes": audit::changes(&before, &after),
            "tickets_refiled": refiled,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

async fn read<C: ConnectionTrait>(conn: &C, actor: &Actor) -> Result<DeskSettings, AppError> {
    let desk = desk(conn).await?;
    let row = hours::Entity::find_by_id(ROW).one(conn).await?;
    let holidays = holiday::Entity::find()
        .order_by_asc(holiday::Column::Day)
        .all(conn)
        .await?;
    Ok(DeskSettings {
        days: desk.calendar.days,
        opens: time_text(desk.calendar.opens),
        closes: time_text(desk.calendar.closes),
        time_zone: row.as_ref().and_then(|r| r.time_zone.clone()),
        workspace_zone: workspace_zone(conn).await?,
        targets: targets_of(&desk),
        holidays: holidays
            .into_iter()
            .map(|h| Holiday {
                day: h.day,
                name: h.name,
            })
            .collect(),
        version: row.map_or(0, |r| r.version),
        can_edit: access::allows(&actor.user, Action::ManageDesk, Rules::default()),
    })
}

fn targets_of(desk: &Desk) -> Vec<TargetHours> {
    Priority::ALL
        .iter()
        .rev()
        .map(|p| {
            let target = desk.target(*p);
            TargetHours {
                priority: *p,
                first_response: hours_text(target.first_response),
                resolve: hours_text(target.resolve),
            }
        })
        .collect()
}

/// Files the due times of the tickets still at work under the desk as it now is.
async fn refile<C: ConnectionTrait>(conn: &C) -> Result<u64, AppError> {
    let desk = desk(conn).await?;
    crate::tickets::service::refile_active(conn, &desk).await
}

/// Adds a day off (a public holiday, a company day); the desk's targets skip it.
pub async fn add_holiday(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &HolidayForm,
) -> Result<Vec<Holiday>, AppError> {
    access::require(conn, actor, Action::ManageDesk, "desk.holiday.add").await?;
    let mut check = FieldCheck::default();
    let day = check.check(
        "day",
        NaiveDate::parse_from_str(form.day.trim(), "%Y-%m-%d").map_err(|_| Invalid::Date),
    );
    let name = check.check("name", parse::text(&form.name, 100));
    check.finish()?;
    let (Some(day), Some(name)) = (day, name) else {
        return Err(AppError::invalid("day", Invalid::Date));
    };
    let txn = crate::core::db::write(conn).await?;
    holiday::Entity::insert(holiday::ActiveModel {
        day: Set(day),
        name: Set(name.clone()),
    })
    .on_conflict(
        OnConflict::column(holiday::Column::Day)
            .update_column(holiday::Column::Name)
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    holiday_changed(
        &txn,
        actor,
        "desk.holiday.add",
        json!({ "day": day, "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(read(conn, actor).await?.holidays)
}

/// Takes a day off the desk's calendar.
pub async fn remove_holiday(
    conn: &DatabaseConnection,
    actor: &Actor,
    day: NaiveDate,
) -> Result<Vec<Holiday>, AppError> {
    access::require(conn, actor, Action::ManageDesk, "desk.holiday.remove").await?;
    let txn = crate::core::db::write(conn).await?;
    holiday::Entity::delete_many()
        .filter(holiday::Column::Day.eq(day))
        .exec(&txn)
        .await?;
    holiday_changed(&txn, actor, "desk.holiday.remove", json!({ "day": day })).await?;
    txn.commit().await?;
    Ok(read(conn, actor).await?.holidays)
}

async fn holiday_changed<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &str,
    changes: serde_json::Value,
) -> Result<(), AppError> {
    let refiled = refile(conn).await?;
    let mut changes = changes;
    changes["tickets_refiled"] = json!(refiled);
    audit::record(
        conn,
        audit::Entry::new(Some(actor.user.id), action, "desk", None).changes(changes),
    )
    .await
}
