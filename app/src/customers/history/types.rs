use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::code::{TextCode, choice};
use crate::core::parse;
use crate::error::{AppError, FieldCheck, Invalid};
use clean::money::Money;

/// A device keeps this many entries of each contact's history, to work offline.
pub const PER_CONTACT: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Email,
    Meeting,
    Note,
    Sms,
}

crate::core::code::text_code!(InteractionKind {
    Call => "call",
    Email => "email",
    Meeting => "meeting",
    Note => "note",
    Sms => "sms",
});

/// Who reached out: the customer (inbound) or we (outbound). Notes and meetings have none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

crate::core::code::text_code!(Direction {
    Inbound => "inbound",
    Outbound => "outbound",
});

/// Someone the user called, as Today offers to call or log them again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Called {
    pub contact_id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    /// When the user last logged a call with them.
    pub at: DateTime<Utc>,
}

/// One call, email, meeting, note or message with a contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub kind: InteractionKind,
    pub direction: Option<Direction>,
    pub occurred_at: DateTime<Utc>,
    /// The teammate who logged it, if they still exist.
    pub user_name: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

/// Logging an interaction, as posted. `occurred_at` is the viewer's local time
/// (`2026-11-25T14:30`), empty for now. Fields a form leaves out are empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InteractionForm {
    pub kind: String,
    pub direction: String,
    pub occurred_at: String,
    pub subject: String,
    pub body: String,
    /// Made by a device that logged it offline; the server makes one otherwise.
    pub id: Option<Uuid>,
}

/// An interaction form that passed every check.
pub struct Logged {
    pub kind: InteractionKind,
    pub direction: Option<Direction>,
    pub occurred_at: DateTime<Utc>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

impl InteractionForm {
    /// The form's values, or what is wrong with each field; a time left empty is `now`, and
    /// a time given is in the logger's `zone`.
    pub fn read(&self, now: DateTime<Utc>, zone: Tz) -> Result<Logged, AppError> {
        let mut check = FieldCheck::default();
        let kind = check.check("kind", choice::<InteractionKind>(self.kind.trim()));
        let direction = check.check(
            "direction",
            match self.direction.trim() {
                "" => Ok(None),
                value => choice::<Direction>(value).map(Some),
            },
        );
        let occurred_at = check.check(
            "occurred_at",
            match self.occurred_at.trim() {
                "" => Ok(now),
                value => parse::local_datetime(value, zone),
            },
        );
        let subject = check.check("subject", parse::optional_text(&self.subject, 200));
        let body = check.check("body", parse::optional_long_text(&self.body, 10_000));
        // A note is its text; a call or a meeting is worth logging even without one.
        if kind == Some(InteractionKind::Note) && body == Some(None) {
            check.refuse("body", Invalid::Required);
        }
        let (Some(kind), Some(direction), Some(occurred_at), Some(subject), Some(body)) =
            (kind, direction, occurred_at, subject, body)
        else {
            return Err(check.into_error());
        };
        check.finish()?;
        Ok(Logged {
            kind,
            direction,
            occurred_at,
            subject,
            body,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Paid,
    Fulfilled,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    /// Whether the order is revenue: paid for and not given back. Totals, lifetime value and
    /// RFM count these only.
    pub fn is_revenue(self) -> bool {
        matches!(self, OrderStatus::Paid | OrderStatus::Fulfilled)
    }

    /// The stored names of the statuses that are revenue, for a query's filter.
    pub fn revenue_names() -> Vec<&'static str> {
        Self::ALL
            .iter()
            .filter(|s| s.is_revenue())
            .map(|s| s.as_str())
            .collect()
    }

    /// Whether an order in this status may move to `next`: forward as it is paid and
    /// shipped, cancelled before it ships, refunded once paid; a cancelled or refunded order
    /// stays so.
    pub fn may_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (Pending, Paid | Fulfilled | Cancelled)
                | (Paid, Fulfilled | Cancelled | Refunded)
                | (Fulfilled, Refunded)
        )
    }
}

crate::core::code::text_code!(OrderStatus {
    Pending => "pending",
    Paid => "paid",
    Fulfilled => "fulfilled",
    Cancelled => "cancelled",
    Refunded => "refunded",
});

/// One order a customer placed. Orders kept on a device before they had lines, an ERP id and
/// a version read back with none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: Uuid,
    pub contact_id: Option<Uuid>,
    pub number: String,
    /// The id the ERP or shop that sent it gives it.
    #[serde(default)]
    pub external_id: Option<String>,
    pub ordered_at: DateTime<Utc>,
    pub amount: Money,
    pub status: OrderStatus,
    pub note: Option<String>,
    #[serde(default)]
    pub lines: Vec<OrderLine>,
    #[serde(default)]
    pub version: i32,
}

/// One line of an order: what was sold, how many, at what price each, in the order's
/// currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub description: String,
    pub quantity: i32,
    pub unit_amount: Money,
}

/// Recording an order, as posted. `ordered_on` is a day in the viewer's time zone
/// (`2026-11-25`); `amount` is as typed (`1,234.50`, `¥1,234.50`), and left empty when the
/// lines add up to it. A number left empty is made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderForm {
    pub number: String,
    pub external_id: String,
    pub ordered_on: String,
    pub amount: String,
    pub currency: String,
    pub status: String,
    pub note: String,
    pub lines: Vec<OrderLineForm>,
}

/// A line of an order, as sent: the quantity and the price each as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderLineForm {
    pub description: String,
    pub quantity: String,
    pub unit_amount: String,
}

/// A change to an order: what is sent changes (`status`: `paid`, `fulfilled`, `cancelled`,
/// `refunded`; `note`, empty for none), the rest stays. The screens and the API send it alike;
/// a field it does not know is refused, not quietly left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrderChange {
    pub status: Option<String>,
    pub note: Option<String>,
}

/// Which orders a list holds: a customer's, in a status, by number or ERP id; `after` is the
/// `next` of the page before.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderQuery {
    pub contact_id: Option<Uuid>,
    pub status: Option<String>,
    pub number: Option<String>,
    pub external_id: Option<String>,
    pub after: Option<String>,
}

/// A page of orders, the newest made first, with the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderPage {
    pub orders: Vec<Order>,
    pub next: Option<String>,
}

/// One entry of a timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HistoryItem {
    Interaction(Interaction),
    Order(Order),
}

impl HistoryItem {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            HistoryItem::Interaction(i) => i.occurred_at,
            HistoryItem::Order(o) => o.ordered_at,
        }
    }

    pub fn id(&self) -> Uuid {
        match self {
            HistoryItem::Interaction(i) => i.id,
            HistoryItem::Order(o) => o.id,
        }
    }
}

/// What a contact is worth so far: revenue per currency (largest first), how many orders
/// count as revenue, and when the first and the last of them were placed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderTotals {
    pub revenue: Vec<Money>,
    pub orders: u64,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

/// A page of a contact's timeline, newest first, with the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub items: Vec<HistoryItem>,
    pub next: Option<String>,
}

/// A customer with orders, as the reports name them; `Summary::customer` indexes these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
}

/// The customers with orders that a user may see and their revenue orders up to a day, in
/// base minor units: what customer value, RFM and segments are computed from.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq)]
pub struct Purchases {
    pub base_currency: String,
    /// Currencies of orders left out for want of an exchange rate.
    pub unconverted: Vec<String>,
    pub customers: Vec<Customer>,
    /// `Purchase::customer` indexes `customers`; by customer, then day.
    pub purchases: Vec<analytics::history::Purchase>,
    /// The day up to which orders count, as the purchases count days.
    pub as_of_day: i64,
}

#[cfg(feature = "ssr")]
impl Purchases {
    /// Each customer's history counted in `period`s, by customer.
    pub fn histories(
        &self,
        period: analytics::history::Period,
    ) -> Vec<analytics::history::Summary> {
        analytics::history::summarize(&self.purchases, self.as_of_day, period)
    }
}
