use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use clean::rates::{Rates, Total};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::actor::Role;
use crate::error::Invalid;
use crate::i18n::choices::{CURRENCIES, is_one_of};

use clean::money::Money;

/// Whether a stage holds deals still being worked, or deals that ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

crate::core::code::text_code!(StageKind {
    Open => "open",
    Won => "won",
    Lost => "lost",
});

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    /// The chance, in percent, that a deal in this stage is won.
    pub probability: i32,
    pub kind: StageKind,
    /// A deal longer than this in the stage is rotting: someone should look at it.
    pub rotting_days: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: Uuid,
    pub name: String,
    pub stages: Vec<Stage>,
    pub version: i32,
}

/// Whose deals the board shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Whose {
    Mine,
    Team,
    Everyone,
}

crate::core::code::text_code!(Whose {
    Mine => "mine",
    Team => "team",
    Everyone => "everyone",
});

/// The board's filters, as the address bar carries them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    pub pipeline: Option<Uuid>,
    /// None: the reader's default (see `whose_for`).
    #[serde(default)]
    pub whose: Option<Whose>,
    #[serde(default)]
    pub q: String,
    /// Expected close on or after this day (`YYYY-MM-DD`), if given.
    #[serde(default)]
    pub close_from: String,
    #[serde(default)]
    pub close_to: String,
}

impl BoardQuery {
    /// Whose deals a reader in `role` is shown: as chosen, else a rep their own and everyone
    /// else all of them.
    pub fn whose_for(&self, role: Role) -> Whose {
        self.whose.unwrap_or(match role {
            Role::Sales => Whose::Mine,
            _ => Whose::Everyone,
        })
    }
}

/// A deal as its card on the board shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: Uuid,
    pub title: String,
    pub amount: Money,
    pub company_name: Option<String>,
    pub contact_name: Option<String>,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub stage_id: Uuid,
    pub expected_close: Option<NaiveDate>,
    pub stage_entered_at: DateTime<Utc>,
    /// When the deal's earliest open task is due.
    pub next_task: Option<DateTime<Utc>>,
    pub version: i32,
}

/// One column of the board: the first cards in rank order, and figures over all of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub stage: Stage,
    pub cards: Vec<Card>,
    pub count: u64,
    /// The column's amounts in the base currency.
    pub total: Total,
    /// Whether more cards follow the ones sent.
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub pipeline: Pipeline,
    /// Every pipeline, to switch between them: (id, name).
    pub pipelines: Vec<(Uuid, String)>,
    pub columns: Vec<Column>,
    pub rates: Rates,
    /// Whose deals these are, as chosen or by the reader's default.
    pub whose: Whose,
    /// The server's clock when it answered, so days in stage count the same for everyone.
    pub now: DateTime<Utc>,
}

/// Which deals a list holds: the board's filters, with a stage and a status (`open`, `won`,
/// `lost`); `after` is the `next` of the page before.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DealList {
    pub filters: BoardQuery,
    pub stage_id: Option<Uuid>,
    pub status: Option<String>,
    pub after: Option<String>,
}

/// A page of deals, the newest made first, with the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealPage {
    pub deals: Vec<Card>,
    pub next: Option<String>,
}

/// Cards after the ones a column already shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardPage {
    pub cards: Vec<Card>,
    pub more: bool,
}

/// Where a card goes: a stage, and the cards it lands between (`None` for a column's end).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub stage_id: Uuid,
    pub after: Option<Uuid>,
    pub before: Option<Uuid>,
    /// Why a deal was won or lost: required when it lands in a lost stage.
    #[serde(default)]
    pub reason: String,
}

/// A new deal, from the top of a board column or from a contact's page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewDeal {
    pub title: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub currency: String,
    pub stage_id: Uuid,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    /// Made by a device that added the deal offline; the server makes one otherwise.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// The deal page's edit form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealForm {
    pub title: String,
    pub amount: String,
    pub currency: String,
    #[serde(default)]
    pub expected_close: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub owner_id: String,
}

/// An amount as typed, in `currency`; nothing typed is nothing.
pub fn parse_amount(text: &str, currency: &str) -> Result<Money, Invalid> {
    if text.trim().is_empty() {
        return Ok(Money {
            minor: 0,
            currency: currency.to_owned(),
        });
    }
    let money = clean::money::parse(text, currency)?;
    if money.minor < 0 {
        return Err(Invalid::Amount);
    }
    Ok(money)
}

/// A currency as chosen; the workspace's `base` when none is.
pub fn parse_currency(text: &str, base: &str) -> Result<String, Invalid> {
    match text.trim() {
        "" => Ok(base.to_owned()),
        code if is_one_of(CURRENCIES, code) => Ok(code.to_owned()),
        _ => Err(Invalid::Choice),
    }
}

/// An expected close as a date field sends it (`2026-12-31`); none when empty.
pub fn parse_close(text: &str) -> Result<Option<NaiveDate>, Invalid> {
    match text.trim() {
        "" => Ok(None),
        day => NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Invalid::Date),
    }
}

impl DealForm {
    /// The form filled with the deal as it is.
    pub fn of(deal: &Deal) -> Self {
        DealForm {
            title: deal.title.clone(),
            amount: crate::i18n::format::plain_amount(deal.amount.minor, &deal.amount.currency),
            currency: deal.amount.currency.clone(),
            expected_close: deal
                .expected_close
                .map(|d| d.to_string())
                .unwrap_or_default(),
            company: deal.company_name.clone().unwrap_or_default(),
            owner_id: deal.owner_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }
}

/// One move of a deal from stage to stage (`from` is `None` when it was created).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub from: Option<String>,
    pub to: String,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// A deal with everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub id: Uuid,
    pub title: String,
    pub amount: Money,
    pub expected_close: Option<NaiveDate>,
    pub pipeline_id: Uuid,
    pub stage: Stage,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub company_id: Option<Uuid>,
    pub company_name: Option<String>,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub status: StageKind,
    pub close_reason: Option<String>,
    pub stage_entered_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Deal {
    /// The deal as a board shows it, with when its earliest open task is due.
    pub fn card(&self, next_task: Option<DateTime<Utc>>) -> Card {
        Card {
            id: self.id,
            title: self.title.clone(),
            amount: self.amount.clone(),
            company_name: self.company_name.clone(),
            contact_name: self.contact_name.clone(),
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            stage_id: self.stage.id,
            expected_close: self.expected_close,
            stage_entered_at: self.stage_entered_at,
            next_task,
            version: self.version,
        }
    }
}

/// What the forecast screen shows of one pipeline, in the base currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub pipeline: Pipeline,
    pub pipelines: Vec<(Uuid, String)>,
    pub base_currency: String,
    /// Open deals by expected-close month, weighted by their stage's chance.
    pub months: Vec<analytics::forecast::MonthForecast>,
    /// Currencies of deals left out of the figures for want of an exchange rate.
    pub unconverted: Vec<String>,
    /// Won revenue of the last 24 whole months, projected 6 months on.
    pub projection: Result<analytics::forecast::Projection, analytics::forecast::NotEnough>,
    /// Deals won and lost in the last 12 months.
    pub won: u32,
    pub lost: u32,
    /// Average days a deal spends in each open stage before it moves on, with how many moves.
    pub stage_days: Vec<(String, f64, u32)>,
    /// Deals opened in the last 12 months that got at least as far as each open stage, then
    /// how many were won: the pipeline's funnel, by stage name.
    pub funnel: Vec<(String, u32)>,
}

/// Whole days a deal has spent in its stage by `now`.
pub fn days_in_stage(entered: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - entered).num_days().max(0)
}

/// At most this many deals in each of Today's lists; the board holds the rest.
pub const TODAY_DEALS: usize = 20;

/// The first day of the month after the one `day` is in: deals expected to close before it
/// close this month.
pub fn next_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day) + Months::new(1)
}

/// Whether a deal has stayed in its stage longer than the stage allows.
pub fn rotting(stage: &Stage, entered: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    stage.kind == StageKind::Open
        && stage
            .rotting_days
            .is_some_and(|days| days_in_stage(entered, now) > i64::from(days))
}

/// A column's amount weighted by its stage's chance of winning, in base minor units.
pub fn weighted(stage: &Stage, total: i64) -> i64 {
    let product = i128::from(total) * i128::from(stage.probability);
    i64::try_from((product + 50) / 100).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn stage(kind: StageKind, rotting_days: Option<i32>) -> Stage {
        Stage {
            id: Uuid::nil(),
            name: "Proposal".into(),
            probability: 50,
            kind,
            rotting_days,
        }
    }

    #[test]
    fn a_deal_rots_once_it_has_stayed_longer_than_its_stage_allows() {
        let entered = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let day = |d| Utc.with_ymd_and_hms(2026, 11, d, 10, 0, 0).unwrap();
        let proposal = stage(StageKind::Open, Some(7));
        assert_eq!(days_in_stage(entered, day(8)), 7);
        assert!(!rotting(&proposal, entered, day(8)));
        assert!(rotting(&proposal, entered, day(9)));
        assert!(!rotting(&stage(StageKind::Open, None), entered, day(30)));
        assert!(!rotting(&stage(StageKind::Won, Some(1)), entered, day(30)));
        // A clock behind the server's never makes negative days.
        assert_eq!(days_in_stage(day(8), entered), 0);
    }

    #[test]
    fn weighting_rounds_to_the_nearest_minor_unit() {
        let proposal = stage(StageKind::Open, None);
        assert_eq!(weighted(&proposal, 1_001), 501);
        assert_eq!(weighted(&proposal, 1_000), 500);
        assert_eq!(weighted(&stage(StageKind::Open, None), 0), 0);
    }
}
