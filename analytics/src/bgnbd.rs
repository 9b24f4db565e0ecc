//! The BG/NBD model (Fader, Hardie & Lee, "Counting your customers the easy way", Marketing
//! Science 24(2), 2005): while active, a customer buys at a Poisson rate drawn from a gamma
//! distribution (r, α); after each purchase they drop out with a probability drawn from a beta
//! distribution (a, b). Fitted by maximum likelihood on each customer's frequency, recency and
//! age; it then tells how likely a customer is to be still active and how many purchases to
//! expect from them over a horizon.

use serde::{Deserialize, Serialize};

use crate::Unfit;
use crate::history::Summary;
use crate::optimize::minimize_positive;
use crate::special::{hyp2f1, ln_add_exp, ln_gamma};

/// Below this many customers the four parameters are a guess.
pub const MIN_CUSTOMERS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    pub r: f64,
    /// In the periods the histories were counted in.
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    pub log_likelihood: f64,
    /// The likelihood was still rising at the search's bound: the data sits at a limit of the
    /// model, whose predictions these are.
    pub at_limit: bool,
}

/// Customers with the same history, counted once.
struct Group {
    x: f64,
    recency: f64,
    age: f64,
    count: f64,
}

fn groups(histories: &[Summary], scale: f64) -> Vec<Group> {
    let mut keys: Vec<(u32, u64, u64)> = histories
        .iter()
        .map(|s| {
            (
                s.frequency,
                (s.recency / scale).to_bits(),
                (s.age / scale).to_bits(),
            )
        })
        .collect();
    keys.sort_unstable();
    keys.chunk_by(|a, b| a == b)
        .map(|same| Group {
            x: same[0].0 as f64,
            recency: f64::from_bits(same[0].1),
            age: f64::from_bits(same[0].2),
            count: same.len() as f64,
        })
        .collect()
}

/// The log-likelihood of grouped histories (sorted by frequency) under r, α, a, b.
fn log_likelihood(groups: &[Group], r: f64, alpha: f64, a: f64, b: f64) -> f64 {
    let shared = -ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) - ln_gamma(b);
    let mut total = 0.0;
    // Terms of a frequency alone: the gamma functions and a's odds, once per distinct x.
    let mut by_x = (f64::NAN, 0.0, 0.0);
    for g in groups {
        let x = g.x;
        if x != by_x.0 {
            let gammas = ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x) + shared;
            by_x = (x, gammas, a.ln() - (b + x - 1.0).ln());
        }
        let stays = -(r + x) * (alpha + g.age).ln();
        let left = if x > 0.0 {
            by_x.2 - (r + x) * (alpha + g.recency).ln()
        } else {
            f64::NEG_INFINITY
        };
        total += g.count * (by_x.1 + ln_add_exp(stays, left));
    }
    total
}

impl BgNbd {
    /// Fits the model to customers' histories by maximum likelihood.
    pub fn fit(histories: &[Summary]) -> Result<BgNbd, Unfit> {
        if histories.len() < MIN_CUSTOMERS {
            return Err(Unfit::TooFewCustomers {
                have: histories.len(),
                needed: MIN_CUSTOMERS,
            });
        }
        if histories.iter().all(|s| s.frequency == 0) {
            return Err(Unfit::NoRepeatPurchases);
        }
        // Time rescaled so that the longest history is 10 units: α then starts near the right
        // order of magnitude.
        let longest = histories.iter().map(|s| s.age).fold(0.0, f64::max);
        let scale = if longest > 0.0 { longest / 10.0 } else { 1.0 };
        let data = groups(histories, scale);
        let m = minimize_positive(|p| -log_likelihood(&data, p[0], p[1], p[2], p[3]), 4);
        if !m.value.is_finite() {
            return Err(Unfit::Degenerate);
        }
        let (r, alpha, a, b) = (m.at[0], m.at[1] * scale, m.at[2], m.at[3]);
        let model = BgNbd {
            r,
            alpha,
            a,
            b,
            log_likelihood: log_likelihood(&groups(histories, 1.0), r, alpha, a, b),
            at_limit: m.at_bound,
        };
        // A limit can be one the data only reaches by having no time in it (everyone bought
        // today): its predictions are not numbers, and neither is the fit.
        let sane = histories.iter().all(|s| {
            model.p_alive(s).is_finite()
                && model.expected_purchases(s, longest.max(1.0)).is_finite()
        });
        if sane {
            Ok(model)
        } else {
            Err(Unfit::Degenerate)
        }
    }

    /// (α + T) / (α + tₓ) raised to r + x, times a / (b + x − 1): the odds that the customer
    /// dropped out after their last purchase rather than being still active.
    fn odds_gone(&self, s: &Summary) -> f64 {
        if s.frequency == 0 {
            return 0.0;
        }
        let x = s.frequency as f64;
        let power = (self.r + x) * ((self.alpha + s.age) / (self.alpha + s.recency)).ln();
        self.a / (self.b + x - 1.0) * power.exp()
    }

    /// The probability that the customer is still active at the end of their history.
    pub fn p_alive(&self, s: &Summary) -> f64 {
        1.0 / (1.0 + self.odds_gone(s))
    }

    /// The purchases to expect from the customer over the next `t` periods.
    pub fn expected_purchases(&self, s: &Summary, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let x = s.frequency as f64;
        let ahead = alpha + s.age + t;
        let z = t / ahead;
        let grows =
            ((alpha + s.age) / ahead).powf(r + x) * hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        (a + b + x - 1.0) / (a - 1.0) * (1.0 - grows) / (1.0 + self.odds_gone(s))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn history(frequency: u32, recency: f64, age: f64, monetary: f64) -> Summary {
        Summary {
            customer: 0,
            frequency,
            recency,
            age,
            monetary,
            total: 0,
            days_since_last: 0,
            first_day: 0,
        }
    }

    /// The CDNOW sample of Fader, Hardie & Lee (2005): 2,357 customers who first bought in the
    /// first quarter of 1997, their repeat purchases, recency and age in weeks at the end of
    /// 1997-09-30, and the mean value of their repeat purchases (zbar). As distributed with
    /// the authors' notes and the `lifetimes` Python package.
    pub fn cdnow() -> Vec<Summary> {
        include_str!("../tests/data/cdnow_summary.csv")
            .lines()
            .skip(1)
            .map(|line| {
                let f: Vec<f64> = line
                    .split(',')
                    .map(|v| v.parse().unwrap_or(f64::NAN))
                    .collect();
                history(f[1] as u32, f[2], f[3], f[4])
            })
            .collect()
    }

    #[test]
    fn fits_cdnow_as_published() {
        let data = cdnow();
        assert_eq!(data.len(), 2_357);
        let m = BgNbd::fit(&data).expect("CDNOW fits");
        // Fader, Hardie & Lee (2005), section 5: r = 0.243, α = 4.414, a = 0.793, b = 2.426,
        // LL = −9582.4.
        assert!((m.r - 0.243).abs() < 5e-4, "r = {}", m.r);
        assert!((m.alpha - 4.414).abs() < 5e-4, "α = {}", m.alpha);
        assert!((m.a - 0.793).abs() < 5e-4, "a = {}", m.a);
        assert!((m.b - 2.426).abs() < 5e-4, "b = {}", m.b);
        assert!(
            (m.log_likelihood + 9582.4).abs() < 0.05,
            "LL = {}",
            m.log_likelihood
        );
    }

    #[test]
    fn predicts_the_published_customer() {
        // The paper's worked example (section 5): a customer with x = 2, tₓ = 30.43 and
        // T = 38.86 is expected to make 1.226 purchases in the next 39 weeks.
        let m = BgNbd {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
            log_likelihood: 0.0,
            at_limit: false,
        };
        let e = m.expected_purchases(&history(2, 30.43, 38.86, 0.0), 39.0);
        assert!((e - 1.226).abs() < 5e-4, "E = {e}");
        assert_eq!(m.p_alive(&history(0, 0.0, 38.86, 0.0)), 1.0);
    }

    #[test]
    fn the_active_chance_is_a_probability_and_falls_with_silence() {
        let m = BgNbd::fit(&cdnow()).expect("CDNOW fits");
        for s in cdnow() {
            let p = m.p_alive(&s);
            assert!((0.0..=1.0).contains(&p), "{p}");
            assert!(m.expected_purchases(&s, 52.0) >= 0.0);
        }
        let recent = m.p_alive(&history(5, 38.0, 39.0, 0.0));
        let silent = m.p_alive(&history(5, 10.0, 39.0, 0.0));
        assert!(silent < recent, "{silent} < {recent}");
        let near = m.expected_purchases(&history(3, 30.0, 39.0, 0.0), 10.0);
        let far = m.expected_purchases(&history(3, 30.0, 39.0, 0.0), 50.0);
        assert!(near < far);
    }

    #[test]
    fn says_why_it_cannot_fit() {
        let few: Vec<Summary> = (0..9).map(|_| history(1, 2.0, 5.0, 1.0)).collect();
        assert_eq!(
            BgNbd::fit(&few),
            Err(Unfit::TooFewCustomers {
                have: 9,
                needed: 10
            })
        );
        let once: Vec<Summary> = (0..50).map(|i| history(0, 0.0, i as f64, 0.0)).collect();
        assert_eq!(BgNbd::fit(&once), Err(Unfit::NoRepeatPurchases));
    }

    #[test]
    fn small_odd_data_fits_or_says_why_and_never_yields_nan() {
        // One repeat buyer among new customers, everyone bought today, identical customers.
        let cases: Vec<Vec<Summary>> = vec![
            (0..12)
                .map(|i| history(u32::from(i == 0), 1.0, 3.0, 0.0))
                .collect(),
            (0..12).map(|_| history(1, 0.0, 0.0, 0.0)).collect(),
            (0..30).map(|_| history(2, 4.0, 8.0, 10.0)).collect(),
            (0..20)
                .map(|i| history(i % 4, (i % 4) as f64, 12.0, 0.0))
                .collect(),
        ];
        assert_eq!(
            BgNbd::fit(&cases[1]),
            Err(Unfit::Degenerate),
            "no time observed at all"
        );
        for data in cases {
            match BgNbd::fit(&data) {
                Ok(m) => {
                    for s in &data {
                        assert!(m.p_alive(s).is_finite());
                        assert!(m.expected_purchases(s, 10.0).is_finite());
                    }
                }
                Err(e) => assert_eq!(e, Unfit::Degenerate),
            }
        }
    }
}
