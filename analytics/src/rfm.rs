//! RFM: each customer scored 1 to 5 on recency (days since the last purchase; more recent
//! scores higher), frequency (purchases) and monetary value (spent in all), by quintile among
//! all customers, and named by where they fall on the recency × frequency-and-money grid.
//!
//! Ties share one score, that of their middle rank: when most customers bought once, they
//! all sit in the middle rather than all at the bottom or the top.
//!
//! | R \ FM | 1          | 2          | 3                   | 4          | 5          |
//! |--------|------------|------------|---------------------|------------|------------|
//! | 5      | New        | Potential  | Potential           | Champions  | Champions  |
//! | 4      | New        | Potential  | Potential           | Loyal      | Loyal      |
//! | 3      | Hibernating| Hibernating| Potential           | Loyal      | Loyal      |
//! | 2      | Hibernating| Hibernating| At risk             | At risk    | Can't lose |
//! | 1      | Lost       | Lost       | At risk             | At risk    | Can't lose |
//!
//! where FM is the mean of the F and M scores, rounded up.

use serde::{Deserialize, Serialize};

use crate::history::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Segment {
    Champions,
    Loyal,
    PotentialLoyalists,
    New,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

impl Segment {
    pub const ALL: [Segment; 8] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::New,
        Segment::AtRisk,
        Segment::CantLose,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// The segment of a cell of the grid; scores are 1 to 5.
    pub fn of(recency: u8, frequency: u8, monetary: u8) -> Segment {
        let fm = (frequency + monetary).div_ceil(2);
        match (recency, fm) {
            (5, 4..) => Segment::Champions,
            (3 | 4, 4..) => Segment::Loyal,
            (4 | 5, ..=1) => Segment::New,
            (4 | 5, _) | (3, 3) => Segment::PotentialLoyalists,
            (3, _) | (2, ..=2) => Segment::Hibernating,
            (_, 5..) => Segment::CantLose,
            (_, 3..) => Segment::AtRisk,
            _ => Segment::Lost,
        }
    }
}

/// A customer's scores and segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub customer: usize,
    pub recency: u8,
    pub frequency: u8,
    pub monetary: u8,
    pub segment: Segment,
}

/// Quintile scores of `values`, the higher value scoring higher.
fn quintiles(values: &[f64]) -> Vec<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = values.len() as f64;
    values
        .iter()
        .map(|v| {
            let below = sorted.partition_point(|s| s < v);
            let equal = sorted[below..].partition_point(|s| s <= v);
            let rank = below as f64 + (equal as f64 - 1.0) / 2.0;
            1 + (5.0 * rank / n).floor().min(4.0) as u8
        })
        .collect()
}

/// Scores every customer against all the others.
pub fn score(histories: &[Summary]) -> Vec<Scores> {
    let column = |f: fn(&Summary) -> f64| quintiles(&histories.iter().map(f).collect::<Vec<_>>());
    let r = column(|s| -(s.days_since_last as f64));
    let f = column(|s| s.purchases() as f64);
    let m = column(|s| s.total as f64);
    histories
        .iter()
        .enumerate()
        .map(|(i, s)| Scores {
            customer: s.customer,
            recency: r[i],
            frequency: f[i],
            monetary: m[i],
            segment: Segment::of(r[i], f[i], m[i]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bgnbd::tests::history;

    #[test]
    fn distinct_values_fill_the_quintiles_evenly() {
        let q = quintiles(&[10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0]);
        assert_eq!(q, vec![5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
    }

    #[test]
    fn ties_share_their_middle_score() {
        assert_eq!(quintiles(&[1.0; 7]), vec![3; 7]);
        // Eight one-time buyers and two regulars.
        let q = quintiles(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 6.0, 9.0]);
        assert_eq!(&q[..8], &[2; 8]);
        assert_eq!(&q[8..], &[5, 5]);
    }

    #[test]
    fn the_grid_names_every_cell_as_documented() {
        use Segment::*;
        let grid = [
            [
                New,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
            [New, PotentialLoyalists, PotentialLoyalists, Loyal, Loyal],
            [Hibernating, Hibernating, PotentialLoyalists, Loyal, Loyal],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLose],
            [Lost, Lost, AtRisk, AtRisk, CantLose],
        ];
        for (row, r) in grid.iter().zip([5u8, 4, 3, 2, 1]) {
            for (&segment, fm) in row.iter().zip(1u8..) {
                assert_eq!(Segment::of(r, fm, fm), segment, "R {r} FM {fm}");
            }
        }
        // FM is the mean rounded up: F 5 and M 2 make FM 4.
        assert_eq!(Segment::of(5, 5, 2), Champions);
    }

    #[test]
    fn scores_customers_against_each_other() {
        let mut histories = Vec::new();
        for i in 0..10u32 {
            let mut s = history(i, i as f64, 40.0, 0.0);
            s.customer = i as usize;
            s.days_since_last = 100 - 10 * i as i64;
            s.total = 1_000 * (i as i64 + 1);
            histories.push(s);
        }
        let scores = score(&histories);
        assert_eq!(scores[9].segment, Segment::Champions);
        assert_eq!(
            (scores[9].recency, scores[9].frequency, scores[9].monetary),
            (5, 5, 5)
        );
        assert_eq!(scores[0].segment, Segment::Lost);
        assert_eq!(scores[0].customer, 0);
    }
}
