//! The Gamma-Gamma model of spend per purchase (Fader & Hardie, "The Gamma-Gamma Model of
//! Monetary Value", 2013, after Colombo & Jiang 1999): a customer's purchases vary around
//! their own mean, gamma-distributed with shape p, and those means vary across customers
//! through a gamma (q, γ) mixing distribution. Fitted on the mean value of repeat purchases of
//! customers who made any; it then shrinks each customer's observed mean towards the
//! population's, the more the fewer purchases it rests on.
//!
//! It assumes that how much a customer spends does not depend on how often they buy;
//! [`GammaGamma::frequency_spend_correlation`] reports how far the data bears that out.

use serde::{Deserialize, Serialize};

use crate::Unfit;
use crate::history::Summary;
use crate::optimize::minimize_positive;
use crate::special::ln_gamma;

/// Below this many repeat buyers the three parameters are a guess.
pub const MIN_REPEAT_BUYERS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    /// γ, the scale of the mixing distribution, in minor units.
    pub v: f64,
    pub log_likelihood: f64,
    /// The repeat buyers with a positive spend it was fitted on.
    pub customers: usize,
    /// The likelihood was still rising at the search's bound: the data sits at a limit of
    /// the model, most often spends that do not differ between customers, and predictions are
    /// that limit's (each customer expected to spend the population's mean).
    pub at_limit: bool,
}

/// Repeat purchases and their mean value.
fn spenders(histories: &[Summary]) -> Vec<(f64, f64)> {
    histories
        .iter()
        .filter(|s| s.frequency > 0 && s.monetary > 0.0)
        .map(|s| (s.frequency as f64, s.monetary))
        .collect()
}

/// The data as the likelihood reads it, with everything that does not depend on the
/// parameters summed once: each evaluation then costs one logarithm per customer, and the
/// gamma functions once per distinct number of purchases.
struct Likelihood {
    /// Distinct repeat purchases and how many customers made that many.
    by_x: Vec<(f64, f64)>,
    /// Each customer's x and x · m.
    rows: Vec<(f64, f64)>,
    /// Σ x ln m + Σ x ln x, and Σ ln m.
    sum_x_ln: f64,
    sum_ln_m: f64,
}

impl Likelihood {
    fn new(data: &[(f64, f64)]) -> Likelihood {
        let mut xs: Vec<u64> = data.iter().map(|d| d.0 as u64).collect();
        xs.sort_unstable();
        let by_x = xs
            .chunk_by(|a, b| a == b)
            .map(|same| (same[0] as f64, same.len() as f64))
            .collect();
        Likelihood {
            by_x,
            rows: data.iter().map(|&(x, m)| (x, x * m)).collect(),
            sum_x_ln: data.iter().map(|&(x, m)| x * m.ln() + x * x.ln()).sum(),
            sum_ln_m: data.iter().map(|&(_, m)| m.ln()).sum(),
        }
    }

    fn at(&self, p: f64, q: f64, v: f64) -> f64 {
        let shared = -ln_gamma(q) + q * v.ln();
        let gammas: f64 = self
            .by_x
            .iter()
            .map(|&(x, n)| n * (ln_gamma(p * x + q) - ln_gamma(p * x) + shared))
            .sum();
        let spread: f64 = self
            .rows
            .iter()
            .map(|&(x, xm)| (p * x + q) * (v + xm).ln())
            .sum();
        gammas + p * self.sum_x_ln - self.sum_ln_m - spread
    }
}

impl GammaGamma {
    /// Fits the model to the repeat buyers among `histories` whose purchases were worth
    /// something; customers who bought once, or only for nothing, carry no information on
    /// spend per purchase.
    pub fn fit(histories: &[Summary]) -> Result<GammaGamma, Unfit> {
        let data = spenders(histories);
        if histories.iter().all(|s| s.frequency == 0) {
            return Err(Unfit::NoRepeatPurchases);
        }
        if data.len() < MIN_REPEAT_BUYERS {
            return Err(Unfit::TooFewCustomers {
                have: data.len(),
                needed: MIN_REPEAT_BUYERS,
            });
        }
        // Spend rescaled to a mean of 1 so that the search starts near γ's magnitude.
        let scale = data.iter().map(|d| d.1).sum::<f64>() / data.len() as f64;
        let scaled: Vec<(f64, f64)> = data.iter().map(|&(x, m)| (x, m / scale)).collect();
        let likelihood = Likelihood::new(&scaled);
        let m = minimize_positive(|t| -likelihood.at(t[0], t[1], t[2]), 3);
        if !m.value.is_finite() {
            return Err(Unfit::Degenerate);
        }
        let (p, q, v) = (m.at[0], m.at[1], m.at[2] * scale);
        if q <= 1.0 {
            return Err(Unfit::NoMeanSpend);
        }
        Ok(GammaGamma {
            p,
            q,
            v,
            log_likelihood: Likelihood::new(&data).at(p, q, v),
            customers: data.len(),
            at_limit: m.at_bound,
        })
    }

    /// The spend per purchase to expect from the customer, in minor units: the population's
    /// mean for those who have not bought again yet.
    pub fn expected_spend(&self, s: &Summary) -> f64 {
        let x = s.frequency as f64;
        self.p * (self.v + x * s.monetary) / (self.p * x + self.q - 1.0)
    }

    /// Pearson's correlation between repeat purchases and their mean value among repeat
    /// buyers; near zero when the model's assumption holds. `None` when either does not vary.
    pub fn frequency_spend_correlation(histories: &[Summary]) -> Option<f64> {
        let data = spenders(histories);
        let n = data.len() as f64;
        let (mx, mm) = data
            .iter()
            .fold((0.0, 0.0), |(a, b), &(x, m)| (a + x / n, b + m / n));
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for &(x, m) in &data {
            sxy += (x - mx) * (m - mm);
            sxx += (x - mx).powi(2);
            syy += (m - mm).powi(2);
        }
        (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bgnbd::tests::{cdnow, history};

    #[test]
    fn fits_cdnow_as_published() {
        let m = GammaGamma::fit(&cdnow()).expect("CDNOW fits");
        // Fader & Hardie (2013), on the 946 CDNOW customers with repeat purchases:
        // p = 6.25, q = 3.74, γ = 15.44 (published to two decimals).
        assert_eq!(m.customers, 946);
        assert!(!m.at_limit);
        assert!((m.p - 6.25).abs() < 0.005, "p = {}", m.p);
        assert!((m.q - 3.74).abs() < 0.005, "q = {}", m.q);
        assert!((m.v - 15.44).abs() < 0.01, "γ = {}", m.v);
        let mean = m.expected_spend(&history(0, 0.0, 39.0, 0.0));
        assert!((mean - m.p * m.v / (m.q - 1.0)).abs() < 1e-9);
    }

    #[test]
    fn shrinks_a_customers_mean_towards_the_population() {
        let m = GammaGamma::fit(&cdnow()).expect("CDNOW fits");
        let population = m.expected_spend(&history(0, 0.0, 39.0, 0.0));
        let few = m.expected_spend(&history(1, 5.0, 39.0, 100.0));
        let many = m.expected_spend(&history(20, 38.0, 39.0, 100.0));
        assert!(population < few && few < many && many < 100.0);
    }

    #[test]
    fn leaves_out_free_orders_and_says_why_it_cannot_fit() {
        let mut data: Vec<Summary> = (0..12)
            .map(|i| history(1 + i % 3, 3.0, 9.0, 10.0 + i as f64))
            .collect();
        data.push(history(4, 5.0, 9.0, 0.0));
        let m = GammaGamma::fit(&data);
        assert!(matches!(
            m,
            Ok(GammaGamma { customers: 12, .. }) | Err(Unfit::Degenerate)
        ));
        let few: Vec<Summary> = (0..9).map(|_| history(2, 3.0, 9.0, 10.0)).collect();
        assert_eq!(
            GammaGamma::fit(&few),
            Err(Unfit::TooFewCustomers {
                have: 9,
                needed: 10
            })
        );
        let once: Vec<Summary> = (0..40).map(|_| history(0, 0.0, 9.0, 0.0)).collect();
        assert_eq!(GammaGamma::fit(&once), Err(Unfit::NoRepeatPurchases));
    }

    #[test]
    fn spend_that_does_not_differ_between_customers_predicts_the_mean() {
        // Every customer draws each purchase from the same 40 to 60: no customer spends more
        // than another on average, the limit where q runs off.
        let mut random = 7u64;
        let data: Vec<Summary> = (0..300)
            .map(|i| {
                let x = 1 + i % 6;
                let mut sum = 0.0;
                for _ in 0..x {
                    random = random
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    sum += 40.0 + 20.0 * ((random >> 11) as f64 / (1u64 << 53) as f64);
                }
                history(x, 10.0, 39.0, sum / x as f64)
            })
            .collect();
        let m = GammaGamma::fit(&data).expect("a limit is still a model");
        assert!(m.at_limit || m.q > 100.0, "means barely differ: {m:?}");
        let population = m.expected_spend(&history(0, 0.0, 39.0, 0.0));
        assert!((population - 50.0).abs() < 1.0, "{population}");
        // A customer's own mean counts for little when everyone's is the same.
        for (x, own) in [(1, 59.0), (6, 41.0)] {
            let e = m.expected_spend(&history(x, 5.0, 39.0, own));
            assert!(
                (e - population).abs() < (own - population).abs() / 2.0,
                "{x}: {e}"
            );
        }
    }

    #[test]
    fn one_price_for_everyone_is_the_limit_and_predicts_that_price() {
        // A shop with one product at one price: neither customers nor purchases differ.
        let data: Vec<Summary> = (0..40)
            .map(|i| history(1 + i % 5, 8.0, 20.0, 100.0))
            .collect();
        let m = GammaGamma::fit(&data).expect("a limit is still a model");
        assert!(m.at_limit, "{m:?}");
        for x in [0, 1, 5] {
            let e = m.expected_spend(&history(x, 8.0, 20.0, if x == 0 { 0.0 } else { 100.0 }));
            assert!((e - 100.0).abs() < 1.0, "{x}: {e}");
        }
    }
}
