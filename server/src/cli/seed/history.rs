//! The demo's history: calls, notes and emails with contacts, and the orders of customers, so
//! that timelines, totals and (later) lifetime value have something to show.

use app::core::code::TextCode;
use app::customers::entity::contact;
use app::customers::history::entity::{interaction, order};
use app::customers::history::types::{Direction, InteractionKind, OrderStatus};
use app::customers::types::Lifecycle;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use super::Dice;

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

/// Most orders one demo customer places.
const MOST_ORDERS: usize = 40;

/// Adds one contact's history and orders to `rows`. Each customer has a pace of their own
/// (every two weeks to every half year), a habitual basket, and a chance of dropping out after
/// each purchase, as real customers differ, so that the value models have something to tell
/// apart; churned ones stopped half a year ago or more; prospects may have bought once.
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
    let (most, stop_percent, quiet_until) = match lifecycle {
        Lifecycle::Lead => (0, 0, 0),
        Lifecycle::Prospect => (dice.below(2), 0, 0),
        Lifecycle::Customer => (MOST_ORDERS, dice.below(15), 0),
        Lifecycle::Churned => (MOST_ORDERS, dice.below(40), 180 + dice.below(300) as i64),
    };
    let pace = dice.spread(14.0, 180.0);
    let basket = (dice.spread(150.0, 6_000.0) as i64) * 100;
    let currency = if chinese || dice.chance(50) {
        "CNY"
    } else {
        "USD"
    };
    // Days ago, counting down to today.
    let mut day = quiet_until + 30 + dice.below(700) as i64;
    for _ in 0..most {
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
            external_id: Set(None),
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
        // Exponential gaps around the pace: a Poisson buyer, as the models assume.
        let gap = (-(1.0 - dice.unit()).ln() * pace).ceil() as i64;
        day -= gap.max(1);
        if day < quiet_until || dice.chance(stop_percent) {
            break;
        }
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
