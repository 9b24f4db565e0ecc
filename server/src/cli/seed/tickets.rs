//! The demo's service desk: about one ticket for every eight customers over the last month,
//! in every status, most of them answered, with a note here and there; or, to measure a busy
//! desk, a given number over the last year, the ones older than a month finished.

use app::core::code::TextCode;
use app::customers::entity::contact;
use app::tickets::entity::{message, ticket};
use app::tickets::sla::{Desk, Started};
use app::tickets::types::{Channel, MessageKind, Priority, Status};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use super::Dice;

/// (subject, what the customer wrote, the answer), in Chinese and in English.
const ASKS: [[(&str, &str, &str); 2]; 6] = [
    [
        (
            "发票抬头开错了",
            "上周的发票抬头写错了，麻烦重开一张。",
            "已为您重开发票，新发票已寄出。",
        ),
        (
            "Wrong name on the invoice",
            "Last week's invoice has the wrong company name, please reissue it.",
            "We reissued the invoice and sent it today.",
        ),
    ],
    [
        (
            "货物破损",
            "收到的货有两箱外包装破了，里面也有损坏。",
            "很抱歉，我们会补发两箱，请保留破损照片。",
        ),
        (
            "Damaged delivery",
            "Two boxes arrived crushed and the goods inside are damaged.",
            "Sorry about that: two new boxes are on their way. Please keep photos of the damage.",
        ),
    ],
    [
        (
            "什么时候发货",
            "订单已经付款三天了，请问什么时候发货？",
            "您的订单今天下午发出，运单号稍后短信通知您。",
        ),
        (
            "When does my order ship?",
            "I paid three days ago. When will the order ship?",
            "Your order ships this afternoon; you will get the tracking number by text.",
        ),
    ],
    [
        (
            "设备无法开机",
            "新买的设备插上电没有任何反应。",
            "请先检查电源适配器的指示灯，我们也可以上门检测。",
        ),
        (
            "The machine does not turn on",
            "The new machine shows no sign of life when plugged in.",
            "Please check the light on the power adapter first; we can also send a technician.",
        ),
    ],
    [
        (
            "申请退货",
            "尺寸不合适，想退货。",
            "已为您办理退货，快递员明天上门取件。",
        ),
        (
            "Return request",
            "The size is wrong and I would like to return it.",
            "Your return is booked; the courier comes tomorrow.",
        ),
    ],
    [
        (
            "修改收货地址",
            "麻烦把收货地址改到我们新仓库。",
            "地址已更新，后续订单都会送到新仓库。",
        ),
        (
            "Change of delivery address",
            "Please deliver to our new warehouse from now on.",
            "Done: every order from now on goes to the new warehouse.",
        ),
    ],
];

const STATUSES: [(Status, usize); 5] = [
    (Status::New, 15),
    (Status::Open, 25),
    (Status::Pending, 15),
    (Status::Solved, 30),
    (Status::Closed, 15),
];

#[derive(Default)]
pub struct Rows {
    pub tickets: Vec<ticket::ActiveModel>,
    pub messages: Vec<message::ActiveModel>,
}

fn status(dice: &mut Dice) -> Status {
    let mut roll = dice.below(100);
    for (status, share) in STATUSES {
        if roll < share {
            return status;
        }
        roll -= share;
    }
    Status::Open
}

fn message(
    ticket: Uuid,
    kind: MessageKind,
    author: Option<Uuid>,
    body: &str,
    at: DateTime<Utc>,
) -> message::ActiveModel {
    message::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket),
        kind: Set(kind.as_str().to_owned()),
        author_id: Set(author),
        body: Set(body.to_owned()),
        email_message_id: Set(None),
        // The demo's replies went out when they were written.
        sent_at: Set((kind == MessageKind::Reply).then_some(at)),
        from_email: Set(None),
        created_at: Set(at),
    }
}

/// How many tickets the demo's desk has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Volume {
    /// About one for every eight customers, over the last month.
    Month,
    /// This many over the last year.
    Year(usize),
}

/// A month, in minutes: tickets older than this are finished work in a year's volume.
const MONTH: usize = 60 * 24 * 30;

/// The demo's tickets, numbered from #1001; returns the last number given.
pub fn tickets(
    dice: &mut Dice,
    people: &[contact::ActiveModel],
    agents: &[Uuid],
    desk: &Desk,
    volume: Volume,
    now: DateTime<Utc>,
) -> (Rows, i64) {
    let (askers, span): (Vec<&contact::ActiveModel>, usize) = match volume {
        Volume::Month => (people.iter().filter(|_| dice.chance(12)).collect(), MONTH),
        Volume::Year(count) => ((0..count).map(|_| dice.pick(people)).collect(), 12 * MONTH),
    };
    let mut rows = Rows::default();
    let mut number = 1000;
    for person in askers {
        let (Set(contact), Set(company), Set(name), Set(email)) =
            (&person.id, &person.company_id, &person.name, &person.email)
        else {
            continue;
        };
        number += 1;
        let [zh, en] = *dice.pick(&ASKS);
        let (subject, asked, answer) = if name.is_ascii() { en } else { zh };
        let age = dice.below(span);
        let status = match status(dice) {
            _ if age >= MONTH && dice.chance(30) => Status::Solved,
            _ if age >= MONTH => Status::Closed,
            status => status,
        };
        let priority = *dice.pick(Priority::ALL);
        let created = now - TimeDelta::minutes(age as i64);
        let answered = created + TimeDelta::minutes(15 + dice.below(60 * 8) as i64);
        // Most answered tickets are someone's; most new ones wait for someone to take them.
        let responder = Some(*dice.pick(agents));
        let kept = dice.chance(if status == Status::New { 30 } else { 85 });
        let agent = if kept { responder } else { None };
        let id = Uuid::now_v7();
        rows.messages
            .push(message(id, MessageKind::Incoming, None, asked, created));
        if status != Status::New {
            if dice.chance(30) {
                let note = if name.is_ascii() {
                    "Checked the order: it is on file."
                } else {
                    "已核对订单记录。"
                };
                rows.messages
                    .push(message(id, MessageKind::Note, responder, note, answered));
            }
            rows.messages
                .push(message(id, MessageKind::Reply, responder, answer, answered));
        }
        let finished = matches!(status, Status::Solved | Status::Closed);
        let clock = desk.clock(
            priority,
            Started {
                created,
                paused: 0,
                responded: status != Status::New,
                stopped: !matches!(status, Status::New | Status::Open),
            },
        );
        // Most customers rate a solved ticket well; some never rate at all.
        let rating = (finished && dice.chance(60)).then(|| [5, 5, 4, 4, 3, 2][dice.below(6)]);
        rows.tickets.push(ticket::ActiveModel {
            id: Set(id),
            number: Set(number),
            subject: Set(subject.to_owned()),
            contact_id: Set(*contact),
            company_id: Set(*company),
            order_id: Set(None),
            status: Set(status.as_str().to_owned()),
            priority: Set(priority.as_str().to_owned()),
            channel: Set(dice.pick(Channel::ALL).as_str().to_owned()),
            assignee_id: Set(agent),
            team_id: Set(None),
            search_text: Set(app::customers::service::search_text(&[
                Some(subject),
                Some(name),
                email.as_deref(),
            ])),
            first_response_due_at: Set(clock.first_response_due),
            resolve_due_at: Set(clock.resolve_due),
            first_response_at: Set((status != Status::New).then_some(answered)),
            pending_since: Set((status == Status::Pending).then_some(answered)),
            solved_at: Set(finished.then_some(answered)),
            closed_at: Set((status == Status::Closed).then_some(answered)),
            satisfaction: Set(rating),
            satisfaction_comment: Set(None),
            last_incoming_at: Set(created),
            created_by: Set(None),
            version: Set(1),
            created_at: Set(created),
            updated_at: Set(if status == Status::New {
                created
            } else {
                answered
            }),
            paused_minutes: Set(0),
            due_at: Set(clock.due),
            risk_at: Set(clock.risk),
            survey_sent_at: Set(finished.then_some(answered)),
            rated_at: Set(rating.map(|_| answered)),
        });
    }
    (rows, number)
}
