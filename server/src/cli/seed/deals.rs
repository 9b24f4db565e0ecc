//! The demo's deals: about one for every three leads and prospects, spread over the stages of
//! the default pipeline, some won or lost lately, a few in US dollars at a rate in settings.

use app::core::code::TextCode;
use app::core::settings::rates::entity as rate;
use app::customers::entity::contact;
use app::customers::types::Lifecycle;
use app::deals::entity::{deal, stage_change};
use app::deals::rank;
use app::deals::types::{Stage, StageKind};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use super::Dice;

const PRODUCTS: [(&str, &str); 8] = [
    ("年度维保合同", "Annual maintenance"),
    ("设备采购", "Equipment purchase"),
    ("门店装修材料", "Shop fit-out materials"),
    ("办公家具批量订单", "Office furniture order"),
    ("包装材料年框", "Packaging supply contract"),
    ("员工礼品定制", "Staff gifts"),
    ("冷链配送服务", "Cold-chain delivery"),
    ("展会物料", "Trade-show materials"),
];

/// What a deal is typically worth, in yuan.
const SIZES: [i64; 6] = [3_000, 8_800, 15_000, 36_000, 88_000, 240_000];

/// The US dollar's rate in the demo: 7.1 yuan.
pub fn usd_rate(now: DateTime<Utc>) -> rate::ActiveModel {
    rate::ActiveModel {
        currency: Set("USD".into()),
        per_unit_nano: Set(7_100_000_000),
        updated_at: Set(now),
    }
}

/// The demo's deals with the record of the stage each entered.
pub fn deals(
    dice: &mut Dice,
    pipeline: Uuid,
    stages: &[Stage],
    people: &[contact::ActiveModel],
    now: DateTime<Utc>,
) -> (Vec<deal::ActiveModel>, Vec<stage_change::ActiveModel>) {
    let mut last_rank: Vec<Option<String>> = vec![None; stages.len()];
    let (mut deals, mut changes) = (Vec::new(), Vec::new());
    for person in people {
        let (Set(contact), Set(company), Set(owner), Set(lifecycle), Set(name)) = (
            &person.id,
            &person.company_id,
            &person.owner_id,
            &person.lifecycle,
            &person.name,
        ) else {
            continue;
        };
        let lifecycle = Lifecycle::parse(lifecycle).unwrap_or(Lifecycle::Lead);
        if matches!(lifecycle, Lifecycle::Churned) || !dice.chance(35) {
            continue;
        }
        let at = dice.below(stages.len());
        let stage = &stages[at];
        let (zh, en) = *dice.pick(&PRODUCTS);
        let title = if name.is_ascii() { en } else { zh };
        let dollars = name.is_ascii() && dice.chance(50);
        let yuan = *dice.pick(&SIZES);
        let (amount, currency) = if dollars {
            (yuan * 100 / 7, "USD")
        } else {
            (yuan * 100, "CNY")
        };
        let entered = now - TimeDelta::hours(dice.below(24 * 30) as i64);
        let rank = rank::between(last_rank[at].as_deref(), None);
        last_rank[at] = Some(rank.clone());
        let id = Uuid::now_v7();
        let closed = stage.kind != StageKind::Open;
        deals.push(deal::ActiveModel {
            id: Set(id),
            pipeline_id: Set(pipeline),
            stage_id: Set(stage.id),
            title: Set(title.to_owned()),
            search_text: Set(app::customers::service::search_text(&[
                Some(title),
                Some(name),
            ])),
            amount_minor: Set(amount),
            currency: Set(currency.to_owned()),
            expected_close: Set(Some(
                (now + TimeDelta::days(dice.below(90) as i64)).date_naive(),
            )),
            contact_id: Set(Some(*contact)),
            company_id: Set(*company),
            owner_id: Set(*owner),
            rank: Set(rank),
            status: Set(stage.kind.as_str().to_owned()),
            close_reason: Set((stage.kind == StageKind::Lost).then(|| "价格太高".to_owned())),
            stage_entered_at: Set(entered),
            closed_at: Set(closed.then_some(entered)),
            archived_at: Set(None),
            created_by: Set(*owner),
            version: Set(1),
            created_at: Set(entered),
            updated_at: Set(entered),
        });
        changes.push(stage_change::ActiveModel {
            id: Set(Uuid::now_v7()),
            deal_id: Set(id),
            from_stage_id: Set(None),
            to_stage_id: Set(stage.id),
            moved_by: Set(*owner),
            moved_at: Set(entered),
        });
    }
    (deals, changes)
}
