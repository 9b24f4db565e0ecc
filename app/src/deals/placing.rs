//! Placing a card on the board in the browser, before the server confirms: the same column
//! figures the server would send, so the totals change the moment a card lands.

use clean::rates::Rates;
use uuid::Uuid;

use super::types::{Column, Move};

/// Where a card sits: its column and its index in that column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    pub column: usize,
    pub index: usize,
}

pub fn find(columns: &[Column], id: Uuid) -> Option<Spot> {
    columns.iter().enumerate().find_map(|(column, c)| {
        c.cards
            .iter()
            .position(|card| card.id == id)
            .map(|index| Spot { column, index })
    })
}

/// Moves a card to `to` (its index counted among the other cards of that column), updating
/// both columns' counts and totals, and says where the server must put it.
pub fn place(columns: &mut [Column], rates: &Rates, id: Uuid, to: Spot) -> Option<Move> {
    let from = find(columns, id)?;
    let stage_id = columns.get(to.column)?.stage.id;
    let mut card = columns[from.column].cards.remove(from.index);
    if from.column != to.column {
        let amount = rates.to_base(card.amount.minor, &card.amount.currency);
        let source = &mut columns[from.column];
        source.count = source.count.saturating_sub(1);
        let target = &mut columns[to.column];
        target.count += 1;
        match amount {
            Some(amount) => {
                columns[from.column].total.minor -= amount;
                columns[to.column].total.minor += amount;
            }
            None => {
                let missing = &mut columns[to.column].total.unconverted;
                if !missing.contains(&card.amount.currency) {
                    missing.push(card.amount.currency.clone());
                }
            }
        }
        card.stage_id = stage_id;
    }
    let cards = &mut columns[to.column].cards;
    cards.insert(to.index.min(cards.len()), card);
    placed(columns, id)
}

/// Where the server must put a card to match where it sits now: its stage and neighbours.
pub fn placed(columns: &[Column], id: Uuid) -> Option<Move> {
    let Spot { column, index } = find(columns, id)?;
    let cards = &columns[column].cards;
    Some(Move {
        stage_id: columns[column].stage.id,
        after: index.checked_sub(1).map(|i| cards[i].id),
        before: cards.get(index + 1).map(|c| c.id),
        reason: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::Utc;
    use clean::rates::Total;

    use super::*;
    use crate::deals::types::{Card, Stage, StageKind};
    use clean::money::Money;

    fn card(n: u128, minor: i64, currency: &str) -> Card {
        Card {
            id: Uuid::from_u128(n),
            title: format!("deal {n}"),
            amount: Money {
                minor,
                currency: currency.into(),
            },
            company_name: None,
            contact_name: None,
            owner_id: None,
            owner_name: None,
            stage_id: Uuid::nil(),
            expected_close: None,
            stage_entered_at: Utc::now(),
            next_task: None,
            version: 1,
        }
    }

    fn column(stage: u128, cards: Vec<Card>, total: i64) -> Column {
        Column {
            stage: Stage {
                id: Uuid::from_u128(stage),
                name: format!("stage {stage}"),
                probability: 50,
                kind: StageKind::Open,
                rotting_days: None,
            },
            count: cards.len() as u64,
            cards,
            total: Total {
                minor: total,
                unconverted: Vec::new(),
            },
            more: false,
        }
    }

    #[test]
    fn a_card_carries_its_converted_amount_to_the_other_column() {
        let rates = Rates {
            base: "CNY".into(),
            per_unit_nano: BTreeMap::from([("USD".into(), 7_000_000_000)]),
        };
        let mut columns = vec![
            column(1, vec![card(10, 100, "USD"), card(11, 500, "CNY")], 1_200),
            column(2, vec![card(20, 300, "CNY")], 300),
        ];
        let sent = place(
            &mut columns,
            &rates,
            Uuid::from_u128(10),
            Spot {
                column: 1,
                index: 1,
            },
        );
        assert_eq!(
            sent,
            Some(Move {
                stage_id: Uuid::from_u128(2),
                after: Some(Uuid::from_u128(20)),
                before: None,
                reason: String::new(),
            })
        );
        assert_eq!((columns[0].count, columns[0].total.minor), (1, 500));
        assert_eq!((columns[1].count, columns[1].total.minor), (2, 1_000));
        assert_eq!(columns[1].cards[1].stage_id, Uuid::from_u128(2));
    }

    #[test]
    fn moving_within_a_column_changes_only_the_order() {
        let mut columns = vec![column(
            1,
            vec![card(1, 1, "CNY"), card(2, 2, "CNY"), card(3, 3, "CNY")],
            6,
        )];
        let sent = place(
            &mut columns,
            &Rates::default(),
            Uuid::from_u128(3),
            Spot {
                column: 0,
                index: 0,
            },
        );
        let order: Vec<u128> = columns[0].cards.iter().map(|c| c.id.as_u128()).collect();
        assert_eq!(order, [3, 1, 2]);
        assert_eq!(
            sent.map(|m| (m.after, m.before)),
            Some((None, Some(Uuid::from_u128(1))))
        );
        assert_eq!((columns[0].count, columns[0].total.minor), (3, 6));
    }

    #[test]
    fn an_amount_without_a_rate_is_named_not_counted() {
        let rates = Rates {
            base: "CNY".into(),
            per_unit_nano: BTreeMap::new(),
        };
        let mut columns = vec![
            column(1, vec![card(1, 100, "EUR")], 0),
            column(2, vec![], 0),
        ];
        place(
            &mut columns,
            &rates,
            Uuid::from_u128(1),
            Spot {
                column: 1,
                index: 5,
            },
        );
        assert_eq!(columns[1].total.unconverted, vec!["EUR".to_owned()]);
        assert_eq!(columns[1].total.minor, 0);
        assert_eq!(
            find(&columns, Uuid::from_u128(1)),
            Some(Spot {
                column: 1,
                index: 0
            })
        );
    }
}
