//! The demo's history: calls, notes and emails with contacts, and the orders of customers, so
//! that timelines, totals and (later) lifetime value have something to show.

use app::customers::entity::contact;
use app::customers::history::entity::{interaction, order};
use app::customers::history::types::{Direction, InteractionKind, OrderStatus};
use app::customers::types::{Lifecycle, Named};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use super::Dice;

/// What a customer typically spends per order, in yuan.
const BASKETS: [i64; 6] = [199, 499, 1_280, 3_600, 8_800, 25_000];

const NOTES: [(&str, &str); 8] = [
    ("询问批量采购的价格", "Asked about volume pricing"),
    ("希望下周送样品", "Wants samples next week"),
    ("对交货期有顾虑", "Worried about delivery times"),
    ("已发送报价单", "Sent the quote"),
    ("老客户介绍过来的", "Referred by a long-time customer"),
    ("偏好微信联系", "Prefers WeChat"),
    ("月底前决定", "Decides before the end of the month"),
    ("要求开具增值税发票", "Needs a VAT invoice"),
];

/// The rows the demo adds for one contact.
#[derive(Default)]
pub struct Rows {
    pub interactions: Vec<interaction::ActiveModel>,
    pub orders: Vec<order::ActiveModel>,
}

/// Adds one contact's history and orders to `rows`. Customers buy every few weeks to months;
/// churned ones stopped half a year ago or more; prospects may have bought once.
pub fn add(
    dice: &mut Dice,
    person: &contact::ActiveModel,
    owners: &[Uuid],
    now: DateTime<Utc>,
    rows: &mut Rows,
) {
    let (Set(id), Set(company), Set(lifecycle), Set(name)) = (
        &person.id,
        &person.company_id,
        &person.lifecycle,
        &person.name,
    ) else {
        return;
    };
    let chinese = !name.is_ascii();
    let lifecycle = Lifecycle::parse(lifecycle).unwrap_or(Lifecycle::Lead);
    let orders = match lifecycle {
        Lifecycle::Lead => 0,
        Lifecycle::Prospect => dice.below(2),
        Lifecycle::Customer => 1 + dice.below(8),
        Lifecycle::Churned => 1 + dice.below(4),
    };
    let quiet_for = match lifecycle {
        Lifecycle::Churned => 180 + dice.below(300),
        _ => dice.below(60),
    };
    let basket = *dice.pick(&BASKETS) * 100;
    let currency = if chinese || dice.chance(50) {
        "CNY"
    } else {
        "USD"
    };
    let mut day = quiet_for as i64;
    for _ in 0..orders {
        let at = now - TimeDelta::days(day) - TimeDelta::minutes(dice.below(600) as i64);
        let status = match dice.below(20) {
            0 => OrderStatus::Cancelled,
            1 => OrderStatus::Refunded,
            _ if day < 7 => OrderStatus::Pending,
            2..=9 => OrderStatus::Fulfilled,
            _ => OrderStatus::Paid,
        };
        // Baskets vary by a factor of about two around the customer's habit.
        let amount = basket / 2 + (dice.next() % basket as u64) as i64;
        let amount = if currency == "USD" {
            amount / 7
        } else {
            amount
        };
        rows.orders.push(order::ActiveModel {
            id: Set(Uuid::now_v7()),
            contact_id: Set(Some(*id)),
            company_id: Set(*company),
            number: Set(format!("SO-{}", rows.orders.len() + 100_001)),
            ordered_at: Set(at),
            amount_minor: Set(amount),
            currency: Set(currency.into()),
            status: Set(status.as_str().into()),
            note: Set(None),
            created_by: Set(None),
            last_job_id: Set(None),
            version: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
        });
        day += 14 + dice.below(120) as i64;
    }
    for _ in 0..dice.below(4) {
        let kind = *dice.pick(&[
            InteractionKind::Call,
            InteractionKind::Call,
            InteractionKind::Note,
            InteractionKind::Email,
            InteractionKind::Meeting,
        ]);
        let direction = match kind {
            InteractionKind::Note | InteractionKind::Meeting => None,
            _ => Some(*dice.pick(&[Direction::Inbound, Direction::Outbound])),
        };
        let (zh, en) = *dice.pick(&NOTES);
        let at = now - TimeDelta::minutes(dice.below(60 * 24 * 400) as i64);
        rows.interactions.push(interaction::ActiveModel {
            id: Set(Uuid::now_v7()),
            contact_id: Set(*id),
            company_id: Set(*company),
            kind: Set(kind.as_str().into()),
            direction: Set(direction.map(|d| d.as_str().into())),
            occurred_at: Set(at),
            user_id: Set(Some(*dice.pick(owners))),
            subject: Set(None),
            body: Set(Some(if chinese { zh } else { en }.into())),
            last_job_id: Set(None),
            version: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
        });
    }
}
