//! Sales forecasts: the open pipeline weighted by each stage's chance of winning, month by
//! month; won revenue projected forward with Holt's linear exponential smoothing, with its
//! error on months held out; and the win rate and days spent per stage.
//!
//! Amounts go in and come out as integer minor units; the smoothing itself works in floating
//! point, and its results are rounded to minor units at the end.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month `n` months before this one.
    pub fn back(self, n: u32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 - n as i32;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }
}

/// An open deal as the weighted forecast needs it: amount in base minor units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OpenDeal {
    pub closes: Option<Month>,
    pub amount: i64,
    /// The chance of winning of its stage, in percent.
    pub probability: i32,
}

/// One month of the weighted pipeline; `month` is `None` for deals without an expected close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthForecast {
    pub month: Option<Month>,
    pub deals: u32,
    pub total: i64,
    pub weighted: i64,
}

/// The open pipeline by expected-close month, each amount weighted by its stage's chance;
/// months in order, deals without a date last.
pub fn weighted_by_month(deals: &[OpenDeal]) -> Vec<MonthForecast> {
    let mut months: BTreeMap<(bool, Option<Month>), (u32, i128, i128)> = BTreeMap::new();
    for deal in deals {
        let entry = months
            .entry((deal.closes.is_none(), deal.closes))
            .or_default();
        entry.0 += 1;
        entry.1 += i128::from(deal.amount);
        entry.2 += i128::from(deal.amount) * i128::from(deal.probability);
    }
    months
        .into_iter()
        .map(|((_, month), (deals, total, weighted))| MonthForecast {
            month,
            deals,
            total: saturate(total),
            weighted: saturate((weighted + 50) / 100),
        })
        .collect()
}

fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value > 0 { i64::MAX } else { i64::MIN })
}

/// One-step-ahead Holt's linear smoothing of `series` with the given weights: the forecasts
/// `horizon` steps past its end, and the sum of squared one-step errors over it. The level
/// starts at the first value and the trend at the first difference.
pub fn holt(series: &[f64], alpha: f64, beta: f64, horizon: usize) -> (Vec<f64>, f64) {
    let (Some(&first), Some(&second)) = (series.first(), series.get(1)) else {
        let flat = series.first().copied().unwrap_or(0.0);
        return (vec![flat; horizon], 0.0);
    };
    let (mut level, mut trend) = (first, second - first);
    let mut sse = 0.0;
    for &actual in &series[1..] {
        let predicted = level + trend;
        sse += (actual - predicted).powi(2);
        let previous = level;
        level = alpha * actual + (1.0 - alpha) * predicted;
        trend = beta * (level - previous) + (1.0 - beta) * trend;
    }
    let ahead = (1..=horizon).map(|h| level + h as f64 * trend).collect();
    (ahead, sse)
}

/// The weights (α, β), on a grid of 0.05 steps, whose one-step errors over `series` are least.
pub fn fit_holt(series: &[f64]) -> (f64, f64) {
    let grid = || (1..20).map(|i| f64::from(i) * 0.05);
    let mut best = (0.5, 0.5, f64::INFINITY);
    for alpha in grid() {
        for beta in grid() {
            let (_, sse) = holt(series, alpha, beta, 0);
            if sse < best.2 {
                best = (alpha, beta, sse);
            }
        }
    }
    (best.0, best.1)
}

/// Won revenue per month, projected forward.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub history: Vec<(Month, i64)>,
    pub alpha: f64,
    pub beta: f64,
    /// The months after the history, with the projected revenue (never below zero).
    pub ahead: Vec<(Month, i64)>,
    /// The last months of the history, as a fit on the months before them projected them.
    pub held_out: Vec<(Month, i64, i64)>,
    /// Mean absolute error on the held-out months, in minor units.
    pub mean_absolute_error: i64,
    /// The same error as a share of what was won in those months, when anything was.
    pub error_share: Option<f64>,
}

/// Why a projection could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotEnough {
    /// Fewer months of history than the held-out months plus four to fit on.
    History { needed: usize },
}

/// Projects monthly revenue `horizon` months ahead with Holt's method, after measuring the
/// method on the last `held_out` months: fitted on the months before them, projected over
/// them, compared with what was won.
pub fn project(
    history: &[(Month, i64)],
    horizon: usize,
    held_out: usize,
) -> Result<Projection, NotEnough> {
    let needed = held_out + 4;
    if history.len() < needed {
        return Err(NotEnough::History { needed });
    }
    let values: Vec<f64> = history.iter().map(|(_, v)| *v as f64).collect();
    let cut = values.len() - held_out;
    let (alpha, beta) = fit_holt(&values[..cut]);
    let (checked, _) = holt(&values[..cut], alpha, beta, held_out);
    let held_out: Vec<(Month, i64, i64)> = history[cut..]
        .iter()
        .zip(&checked)
        .map(|((month, actual), predicted)| (*month, *actual, predicted.max(0.0).round() as i64))
        .collect();
    let errors: i64 = held_out.iter().map(|(_, a, p)| (a - p).abs()).sum();
    let won: i64 = held_out.iter().map(|(_, a, _)| *a).sum();
    let count = held_out.len().max(1) as i64;
    let (alpha, beta) = fit_holt(&values);
    let (ahead, _) = holt(&values, alpha, beta, horizon);
    let mut month = history.last().map(|(m, _)| *m).unwrap_or(Month {
        year: 1970,
        month: 1,
    });
    let ahead = ahead
        .into_iter()
        .map(|value| {
            month = month.next();
            (month, value.max(0.0).round() as i64)
        })
        .collect();
    Ok(Projection {
        history: history.to_vec(),
        alpha,
        beta,
        ahead,
        mean_absolute_error: errors / count,
        error_share: (won > 0).then(|| errors as f64 / won as f64),
        held_out,
    })
}

/// The share of closed deals that were won, if any closed.
pub fn win_rate(won: u32, lost: u32) -> Option<f64> {
    let closed = won + lost;
    (closed > 0).then(|| f64::from(won) / f64::from(closed))
}

/// One deal's stay in one stage; `days` is `None` while it is still there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stay<S> {
    pub stage: S,
    pub days: Option<f64>,
}

/// The average days a finished stay lasted, per stage, with how many stays it averages.
pub fn days_per_stage<S: Ord + Copy>(stays: &[Stay<S>]) -> BTreeMap<S, (f64, u32)> {
    let mut sums: BTreeMap<S, (f64, u32)> = BTreeMap::new();
    for stay in stays {
        if let Some(days) = stay.days {
            let entry = sums.entry(stay.stage).or_default();
            entry.0 += days;
            entry.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(stage, (total, n))| (stage, (total / f64::from(n), n)))
        .collect()
}

/// How far one deal got through a pipeline: the furthest open stage it was ever in (0 is the
/// first), or won, which is further than any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reached {
    Stage(usize),
    Won,
}

/// For each of `open` stages and then for won, how many `deals` got at least that far: a deal
/// that skipped a stage passed it all the same, so no step counts more than the one before.
pub fn funnel(deals: &[Reached], open: usize) -> Vec<u32> {
    let mut counts = vec![0; open + 1];
    for deal in deals {
        let furthest = match *deal {
            Reached::Stage(i) if i < open => i,
            Reached::Stage(_) => continue,
            Reached::Won => open,
        };
        for count in &mut counts[..=furthest] {
            *count += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, month: u32) -> Month {
        Month { year, month }
    }

    #[test]
    fn months_roll_over_years() {
        assert_eq!(m(2026, 12).next(), m(2027, 1));
        assert_eq!(m(2026, 3).back(3), m(2025, 12));
        assert_eq!(m(2026, 3).back(0), m(2026, 3));
        assert_eq!(m(2026, 1).back(25), m(2023, 12));
    }

    #[test]
    fn the_pipeline_is_weighted_by_month_as_by_hand() {
        // January: 1,000.00 at 50% and 2,000.00 at 25% = 3,000.00, weighted 1,000.00.
        // February: 400.00 at 100%. Unscheduled: 999 at 10% → 99.9, rounded to 100.
        let deals = [
            OpenDeal {
                closes: Some(m(2027, 2)),
                amount: 40_000,
                probability: 100,
            },
            OpenDeal {
                closes: None,
                amount: 999,
                probability: 10,
            },
            OpenDeal {
                closes: Some(m(2027, 1)),
                amount: 100_000,
                probability: 50,
            },
            OpenDeal {
                closes: Some(m(2027, 1)),
                amount: 200_000,
                probability: 25,
            },
        ];
        let months = weighted_by_month(&deals);
        assert_eq!(
            months,
            [
                MonthForecast {
                    month: Some(m(2027, 1)),
                    deals: 2,
                    total: 300_000,
                    weighted: 100_000
                },
                MonthForecast {
                    month: Some(m(2027, 2)),
                    deals: 1,
                    total: 40_000,
                    weighted: 40_000
                },
                MonthForecast {
                    month: None,
                    deals: 1,
                    total: 999,
                    weighted: 100
                },
            ]
        );
    }

    #[test]
    fn holt_matches_a_hand_computation() {
        // l0 = 10, b0 = 4. t1: ŷ 14, y 14 → l 14, b 4. t2: ŷ 18, y 12 → l 15, b 2.5.
        // Ahead: 17.5, 20. Squared one-step errors: 0 + 36.
        let (ahead, sse) = holt(&[10.0, 14.0, 12.0], 0.5, 0.5, 2);
        assert_eq!(ahead, [17.5, 20.0]);
        assert_eq!(sse, 36.0);
        // A straight line is projected exactly, whatever the weights.
        let (ahead, sse) = holt(&[3.0, 5.0, 7.0, 9.0], 0.3, 0.8, 2);
        assert_eq!((ahead, sse), (vec![11.0, 13.0], 0.0));
    }

    #[test]
    fn a_projection_reports_its_error_on_the_months_it_held_out() {
        let history: Vec<(Month, i64)> = (0..12)
            .map(|i| (m(2026, 1).back(11 - i), 100_000 + 10_000 * i64::from(i)))
            .collect();
        let p = project(&history, 3, 3).unwrap();
        // A straight line: every held-out month is hit, and the next three continue it.
        assert_eq!(p.mean_absolute_error, 0);
        assert_eq!(p.error_share, Some(0.0));
        assert_eq!(
            p.ahead,
            [
                (m(2026, 2), 220_000),
                (m(2026, 3), 230_000),
                (m(2026, 4), 240_000)
            ]
        );
        assert_eq!(p.held_out[0], (m(2025, 11), 190_000, 190_000));
        assert_eq!(
            project(&history[..6], 3, 3),
            Err(NotEnough::History { needed: 7 })
        );
    }

    #[test]
    fn a_falling_projection_stops_at_zero() {
        let history: Vec<(Month, i64)> = (0..8)
            .map(|i| (m(2026, 1).back(7 - i), 70_000 - 10_000 * i64::from(i)))
            .collect();
        let p = project(&history, 3, 3).unwrap();
        assert!(p.ahead.iter().all(|(_, v)| *v == 0), "{:?}", p.ahead);
    }

    #[test]
    fn win_rate_and_days_per_stage_as_by_hand() {
        assert_eq!(win_rate(3, 1), Some(0.75));
        assert_eq!(win_rate(0, 0), None);
        let stays = [
            Stay {
                stage: 1,
                days: Some(2.0),
            },
            Stay {
                stage: 1,
                days: Some(4.0),
            },
            Stay {
                stage: 1,
                days: None,
            },
            Stay {
                stage: 2,
                days: Some(10.0),
            },
        ];
        let days = days_per_stage(&stays);
        assert_eq!(days.get(&1), Some(&(3.0, 2)));
        assert_eq!(days.get(&2), Some(&(10.0, 1)));
    }

    #[test]
    fn a_funnel_counts_each_deal_at_every_step_up_to_the_furthest_it_reached() {
        use Reached::{Stage, Won};
        let deals = [Stage(0), Stage(0), Stage(2), Won, Stage(1), Won, Stage(7)];
        // Three open stages then won; the deal in a stage the pipeline lacks is left out.
        assert_eq!(funnel(&deals, 3), vec![6, 4, 3, 2]);
        assert_eq!(funnel(&[], 2), vec![0, 0, 0]);
        assert_eq!(funnel(&[Won], 0), vec![1]);
        assert!(Stage(usize::MAX) < Won);
    }

    proptest::proptest! {
        #[test]
        fn no_step_of_a_funnel_counts_more_than_the_one_before(
            deals in proptest::collection::vec(proptest::option::of(0usize..6), 0..60),
        ) {
            let deals: Vec<Reached> = deals
                .into_iter()
                .map(|d| d.map_or(Reached::Won, Reached::Stage))
                .collect();
            let counts = funnel(&deals, 5);
            proptest::prop_assert!(counts.windows(2).all(|w| w[0] >= w[1]));
            let counted = deals.iter().filter(|d| **d != Reached::Stage(5)).count();
            proptest::prop_assert_eq!(counts[0] as usize, counted);
        }
    }
}
