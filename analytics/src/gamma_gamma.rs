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
use crate::optimize::minimize;
use crate::special::ln_gamma;

/// Below this many repeat buyers the three parameters are a guess.
pub const MIN_REPEAT_BUYERS: usize = 10;

const BOUND: f64 = 12.0;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    /// γ, the scale of the mixing distribution, in minor units.
    pub v: f64,
    pub log_likelihood: f64,
    /// The repeat buyers with a positive spend it was fitted on.
    pub customers: usize,
}

/// Repeat purchases and their mean value.
fn spenders(histories: &[Summary]) -> Vec<(f64, f64)> {
    histories
        .iter()
        .filter(|s| s.frequency > 0 && s.monetary > 0.0)
        .map(|s| (s.frequency as f64, s.monetary))
        .collect()
}

fn log_likelihood(data: &[(f64, f64)], p: f64, q: f64, v: f64) -> f64 {
    let shared = -ln_gamma(q) + q * v.ln();
    data.iter()
        .map(|&(x, m)| {
            let px = p * x;
            ln_gamma(px + q) - ln_gamma(px) + shared + (px - 1.0) * m.ln() + px * x.ln()
                - (px + q) * (v + m * x).ln()
        })
        .sum()
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
        let m = minimize(
            |t: &[f64]| -log_likelihood(&scaled, t[0].exp(), t[1].exp(), t[2].exp()),
            &[0.0; 3],
        );
        if !m.value.is_finite() || m.at.iter().any(|t| t.abs() > BOUND) {
            return Err(Unfit::Degenerate);
        }
        let (p, q, v) = (m.at[0].exp(), m.at[1].exp(), m.at[2].exp() * scale);
        if q <= 1.0 {
            return Err(Unfit::NoMeanSpend);
        }
        Ok(GammaGamma {
            p,
            q,
            v,
            log_likelihood: log_likelihood(&data, p, q, v),
            customers: data.len(),
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
}
