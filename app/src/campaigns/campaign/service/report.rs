//! A campaign's report: delivery from its recipients, opens and clicks from the tracker, and
//! conversions: the orders (paid or fulfilled) and won deals of recipients within a number of
//! days after their own message, worth a sum in the workspace's currency set against what the
//! campaign cost. Orders are often dated by the day, so the window opens at the start of the
//! day the message went out, in the workspace's time zone.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Timelike, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::super::entity::{campaign, event, recipient};
use super::super::links;
use super::super::types::{CONVERSION_DAYS, LinkClicks, Moment, Report};
use super::mail::SENT;
use super::tracking::Kind;
use super::{counts, current, entry};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::policy;
use crate::core::records;
use crate::core::{audit, settings};
use crate::customers::history::entity::order;
use crate::customers::history::types::OrderStatus;
use crate::deals::entity::deal;
use crate::deals::types::StageKind;
use crate::error::{AppError, Invalid};
use clean::money::Money;

/// A reader's event as read: whose, open or click, which link, when.
type Event = (Uuid, String, Option<i32>, DateTime<Utc>);
/// An order or a won deal as read: whose, when, how much, in which currency.
type Sale<At> = (Option<Uuid>, At, i64, String);

/// A timeline longer than this is drawn by day rather than by hour.
const HOURLY_FOR: TimeDelta = TimeDelta::hours(72);

/// The start of the hour (or the day) `at` falls in, in `zone`.
fn moment_of(at: DateTime<Utc>, zone: Tz, hourly: bool) -> DateTime<Utc> {
    let local = at.with_timezone(&zone).naive_local();
    let hour = if hourly { local.hour() } else { 0 };
    let start = local.date().and_hms_opt(hour, 0, 0).unwrap_or(local);
    local_to_utc(start, zone).unwrap_or(at)
}

fn local_to_utc(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    local
        .and_local_timezone(zone)
        .earliest()
        .map(|t| t.to_utc())
}

/// The moment after `at` (an hour later, or the next day's start in `zone`).
fn next_moment(at: DateTime<Utc>, zone: Tz, hourly: bool) -> DateTime<Utc> {
    if hourly {
        return at + TimeDelta::hours(1);
    }
    let local = at.with_timezone(&zone).naive_local();
    local
        .date()
        .succ_opt()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|midnight| local_to_utc(midnight, zone))
        .map_or(at + TimeDelta::days(1), |next| moment_of(next, zone, false))
}

/// Opens and clicks by hour (by day past three days), from the campaign's start to the last
/// of them, with the quiet stretches in between.
fn timeline(start: DateTime<Utc>, events: &[Event], zone: Tz) -> (bool, Vec<Moment>) {
    let Some(last) = events.iter().map(|e| e.3).max() else {
        return (true, Vec::new());
    };
    let start = start.min(last);
    let hourly = last - start <= HOURLY_FOR;
    let mut counts: BTreeMap<DateTime<Utc>, (u32, u32)> = BTreeMap::new();
    for (_, kind, _, at) in events {
        let count = counts.entry(moment_of(*at, zone, hourly)).or_default();
        if kind == Kind::Open.as_str() {
            count.0 += 1;
        } else {
            count.1 += 1;
        }
    }
    let mut moments = Vec::new();
    let (mut at, end) = (
        moment_of(start, zone, hourly),
        moment_of(last, zone, hourly),
    );
    while at <= end {
        let (opens, clicks) = counts.get(&at).copied().unwrap_or_default();
        let label = at
            .with_timezone(&zone)
            .format(if hourly { "%m-%d %H:00" } else { "%m-%d" })
            .to_string();
        moments.push(Moment {
            label,
            opens,
            clicks,
        });
        at = next_moment(at, zone, hourly);
    }
    (hourly, moments)
}

/// The campaign's links with their clicks, most clicked first.
fn link_clicks(model: &campaign::Model, events: &[Event]) -> Vec<LinkClicks> {
    let mut people: HashMap<i32, HashSet<Uuid>> = HashMap::new();
    let mut clicks: HashMap<i32, u32> = HashMap::new();
    for (recipient, _, link, _) in events {
        if let Some(link) = link {
            *clicks.entry(*link).or_default() += 1;
            people.entry(*link).or_default().insert(*recipient);
        }
    }
    let mut lines: Vec<LinkClicks> = links::links(&model.html, &model.body)
        .into_iter()
        .enumerate()
        .map(|(n, url)| {
            let n = i32::try_from(n).unwrap_or(i32::MAX);
            LinkClicks {
                url,
                clicks: clicks.get(&n).copied().unwrap_or(0),
                people: people.get(&n).map_or(0, |p| p.len() as u32),
            }
        })
        .collect();
    lines.sort_by_key(|line| std::cmp::Reverse(line.clicks));
    lines
}

/// What the campaign brought in within `days` of each recipient's message.
struct Conversions {
    converted: u32,
    orders: u32,
    won_deals: u32,
    revenue: i64,
    unconverted: Vec<String>,
}

async fn conversions<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    days: u32,
    rates: &clean::rates::Rates,
    zone: Tz,
) -> Result<Conversions, AppError> {
    let sent: Vec<(Uuid, Option<DateTime<Utc>>)> = recipient::Entity::find()
        .select_only()
        .columns([recipient::Column::ContactId, recipient::Column::SentAt])
        .filter(recipient::Column::CampaignId.eq(id))
        .filter(recipient::Column::Status.eq(SENT))
        .into_tuple()
        .all(conn)
        .await?;
    let sent_at: HashMap<Uuid, DateTime<Utc>> = sent
        .into_iter()
        .filter_map(|(contact, at)| Some((contact, at?)))
        .collect();
    let opens = |sent: DateTime<Utc>| moment_of(sent, zone, false);
    let mut found = Conversions {
        converted: 0,
        orders: 0,
        won_deals: 0,
        revenue: 0,
        unconverted: Vec::new(),
    };
    let (Some(&from), Some(&last)) = (sent_at.values().min(), sent_at.values().max()) else {
        return Ok(found);
    };
    let window = TimeDelta::days(i64::from(days));
    let recipients = Query::select()
        .column(recipient::Column::ContactId)
        .from(recipient::Entity)
        .and_where(recipient::Column::CampaignId.eq(id))
        .and_where(recipient::Column::Status.eq(SENT))
        .to_owned();
    let orders: Vec<Sale<DateTime<Utc>>> = order::Entity::find()
        .select_only()
        .columns([
            order::Column::ContactId,
            order::Column::OrderedAt,
            order::Column::AmountMinor,
            order::Column::Currency,
        ])
        .filter(order::Column::ContactId.in_subquery(recipients.clone()))
        .filter(order::Column::Status.is_in(OrderStatus::revenue_names()))
        .filter(order::Column::OrderedAt.gte(opens(from)))
        .filter(order::Column::OrderedAt.lt(last + window))
        .into_tuple()
        .all(conn)
        .await?;
    let deals: Vec<Sale<Option<DateTime<Utc>>>> = deal::Entity::find()
        .select_only()
        .columns([
            deal::Column::ContactId,
            deal::Column::ClosedAt,
            deal::Column::AmountMinor,
            deal::Column::Currency,
        ])
        .filter(deal::Column::ContactId.in_subquery(recipients))
        .filter(deal::Column::Status.eq(StageKind::Won.as_str()))
        .filter(deal::Column::ClosedAt.gte(opens(from)))
        .filter(deal::Column::ClosedAt.lt(last + window))
        .into_tuple()
        .all(conn)
        .await?;
    let mut converted = HashSet::new();
    let mut count = |contact: Option<Uuid>, at: DateTime<Utc>, minor: i64, currency: &str| {
        let Some(contact) = contact else { return false };
        let Some(&sent) = sent_at.get(&contact) else {
            return false;
        };
        if at < opens(sent) || at >= sent + window {
            return false;
        }
        converted.insert(contact);
        if let Some(base) = rates.to_base_noting(minor, currency, &mut found.unconverted) {
            found.revenue = found.revenue.saturating_add(base);
        }
        true
    };
    let orders = orders
        .into_iter()
        .filter(|(contact, at, minor, currency)| count(*contact, *at, *minor, currency))
        .count();
    let won_deals = deals
        .into_iter()
        .filter(|(contact, at, minor, currency)| {
            at.is_some_and(|at| count(*contact, at, *minor, currency))
        })
        .count();
    found.orders = orders as u32;
    found.won_deals = won_deals as u32;
    found.converted = converted.len() as u32;
    found.unconverted.sort();
    Ok(found)
}

/// The campaign's report, counting conversions within `days` of each message.
pub async fn report(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    days: u32,
) -> Result<Report, AppError> {
    policy::require(
        conn,
        actor,
        policy::Action::ManageCampaigns,
        "campaign.report",
    )
    .await?;
    if !CONVERSION_DAYS.contains(&days) {
        let (min, max) = (*CONVERSION_DAYS.start(), *CONVERSION_DAYS.end());
        let range = Invalid::Range {
            min: i64::from(min),
            max: i64::from(max),
        };
        return Err(AppError::invalid("days", range));
    }
    let model = records::find_or_404::<campaign::Entity, _>(conn, id).await?;
    let counts = counts(conn, &[id]).await?.remove(&id).unwrap_or_default();
    let events: Vec<Event> = event::Entity::find()
        .select_only()
        .columns([
            event::Column::RecipientId,
            event::Column::Kind,
            event::Column::Link,
            event::Column::At,
        ])
        .filter(event::Column::CampaignId.eq(id))
        .into_tuple()
        .all(conn)
        .await?;
    let is_click = |kind: &str| kind == Kind::Click.as_str();
    let opened: HashSet<Uuid> = events.iter().map(|e| e.0).collect();
    let clicked: HashSet<Uuid> = events
        .iter()
        .filter(|e| is_click(&e.1))
        .map(|e| e.0)
        .collect();
    let clicks = events.iter().filter(|e| is_click(&e.1)).count();
    let zone = settings::service::user_zone(conn, &actor.user).await?;
    let (hourly, timeline) = match model.started_at {
        Some(start) => timeline(start, &events, zone),
        None => (true, Vec::new()),
    };
    let rates = settings::rates::get(conn).await?;
    let workspace = settings::service::get(conn).await?;
    let workspace_zone = workspace.as_ref().map_or(chrono_tz::Tz::UTC, |s| s.zone());
    let tracking = workspace.is_none_or(|s| s.track_campaign_mail);
    let found = conversions(conn, id, days, &rates, workspace_zone).await?;
    let mut unconverted = found.unconverted;
    let cost = match (model.cost_minor, &model.cost_currency) {
        (Some(minor), Some(currency)) => {
            let in_base = rates.to_base_noting(minor, currency, &mut unconverted);
            Some(match in_base {
                Some(minor) => Money {
                    minor,
                    currency: rates.base.clone(),
                },
                None => Money {
                    minor,
                    currency: currency.clone(),
                },
            })
        }
        _ => None,
    };
    Ok(Report {
        counts,
        opened: opened.len() as u32,
        clicked: clicked.len() as u32,
        opens: (events.len() - clicks) as u32,
        clicks: clicks as u32,
        tracks_opens: !model.html.trim().is_empty(),
        tracking,
        hourly,
        timeline,
        links: link_clicks(&model, &events),
        days,
        converted: found.converted,
        orders: found.orders,
        won_deals: found.won_deals,
        revenue: Money {
            minor: found.revenue,
            currency: rates.base,
        },
        unconverted,
        cost,
        version: model.version,
    })
}

/// Sets what the campaign cost, in the workspace's currency; empty forgets it.
pub async fn set_cost(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
    cost: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    policy::require(
        conn,
        actor,
        policy::Action::ManageCampaigns,
        "campaign.cost",
    )
    .await?;
    let base = settings::rates::get(conn).await?.base;
    let cost = match cost.trim() {
        "" => None,
        text => {
            let money =
                clean::money::parse(text, &base).map_err(|why| AppError::invalid("cost", why))?;
            if money.minor < 0 {
                return Err(AppError::invalid("cost", Invalid::Amount));
            }
            Some(money)
        }
    };
    let txn = crate::core::db::write(conn).await?;
    let model = current(&txn, id, version).await?;
    campaign::ActiveModel {
        cost_minor: Set(cost.as_ref().map(|c| c.minor)),
        cost_currency: Set(cost.as_ref().map(|c| c.currency.clone())),
        version: Set(model.version + 1),
        updated_at: Set(now),
        ..model.into()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        entry(actor, "campaign.cost", id).changes(json!({ "cost": cost })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
