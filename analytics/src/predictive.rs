//! Predictive customer lifetime value: the purchases BG/NBD expects in each period of a
//! horizon, times the spend per purchase Gamma-Gamma expects, discounted per period:
//!
//! CLV = Σ_{k=1..H} (E[Y(k)] − E[Y(k−1)]) · E[M] / (1 + d)^k.
//!
//! Fitting is the slow part and happens once; the horizon and the discount rate only change
//! this sum, so a what-if slider recomputes it for every customer as it moves.

use serde::{Deserialize, Serialize};

use crate::Unfit;
use crate::bgnbd::BgNbd;
use crate::gamma_gamma::GammaGamma;
use crate::history::Summary;

/// Both models, fitted to the same histories.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    pub purchases: BgNbd,
    pub spend: GammaGamma,
}

impl Fitted {
    pub fn fit(histories: &[Summary]) -> Result<Fitted, Unfit> {
        Ok(Fitted {
            purchases: BgNbd::fit(histories)?,
            spend: GammaGamma::fit(histories)?,
        })
    }

    /// What the models say of one customer over `horizon` periods at `rate` per period.
    pub fn predict(&self, s: &Summary, horizon: u32, rate: f64) -> Prediction {
        self.outlook(s, horizon).predict(horizon, rate)
    }

    /// One customer's expected purchases period by period up to `longest`: from it, the value
    /// over any horizon up to `longest` at any rate is a sum, which is what a slider needs.
    pub fn outlook(&self, s: &Summary, longest: u32) -> Outlook {
        Outlook {
            customer: s.customer,
            p_alive: self.purchases.p_alive(s),
            expected_spend: self.spend.expected_spend(s),
            purchases_by: (1..=longest)
                .map(|k| self.purchases.expected_purchases(s, f64::from(k)))
                .collect(),
        }
    }
}

/// A customer's expected purchases up to the end of each period ahead, with what they are
/// expected to spend per purchase.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    pub customer: usize,
    pub p_alive: f64,
    pub expected_spend: f64,
    /// E[Y(k)] for k = 1, 2, … periods.
    pub purchases_by: Vec<f64>,
}

impl Outlook {
    /// The outlook over `horizon` periods (at most as many as it was computed for) at `rate`
    /// per period.
    pub fn predict(&self, horizon: u32, rate: f64) -> Prediction {
        let mut value = 0.0;
        let mut before = 0.0;
        let mut discount = 1.0;
        for &upto in self.purchases_by.iter().take(horizon as usize) {
            discount /= 1.0 + rate;
            value += (upto - before) * self.expected_spend * discount;
            before = upto;
        }
        Prediction {
            customer: self.customer,
            p_alive: self.p_alive,
            expected_purchases: before,
            expected_spend: self.expected_spend,
            value,
        }
    }
}

/// One customer's outlook over a horizon; money in minor units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub customer: usize,
    pub p_alive: f64,
    pub expected_purchases: f64,
    pub expected_spend: f64,
    pub value: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bgnbd::tests::{cdnow, history};
    use proptest::prelude::*;

    fn fitted() -> Fitted {
        Fitted::fit(&cdnow()).expect("CDNOW fits")
    }

    #[test]
    fn no_discount_is_purchases_times_spend() {
        let f = fitted();
        let s = history(2, 30.43, 38.86, 22.35);
        let p = f.predict(&s, 39, 0.0);
        assert!((p.value - p.expected_purchases * p.expected_spend).abs() < 1e-9);
        let direct = f.purchases.expected_purchases(&s, 39.0);
        assert!((p.expected_purchases - direct).abs() < 1e-12);
        assert_eq!(f.predict(&s, 0, 0.1).value, 0.0);
    }

    #[test]
    fn an_outlook_predicts_any_shorter_horizon_as_a_fresh_prediction_does() {
        let f = fitted();
        let s = history(2, 30.43, 38.86, 22.35);
        let outlook = f.outlook(&s, 52);
        for horizon in [1, 13, 39, 52] {
            for rate in [0.0, 0.01, 0.05] {
                let fresh = f.predict(&s, horizon, rate);
                let summed = outlook.predict(horizon, rate);
                assert!(
                    (fresh.value - summed.value).abs() < 1e-9,
                    "{fresh:?} {summed:?}"
                );
                assert_eq!(fresh.expected_purchases, summed.expected_purchases);
            }
        }
    }

    #[test]
    fn every_cdnow_customer_has_a_finite_value() {
        let f = fitted();
        for s in cdnow() {
            let p = f.predict(&s, 52, 0.01);
            assert!(p.value.is_finite() && p.value >= 0.0, "{p:?}");
            assert!((0.0..=1.0).contains(&p.p_alive));
        }
    }

    proptest! {
        #[test]
        fn value_falls_as_the_rate_rises_and_grows_with_the_horizon(
            x in 0u32..20,
            recency in 0.0f64..39.0,
            low in 0.0f64..0.1,
            more in 0.001f64..0.1,
            horizon in 1u32..104,
        ) {
            let f = Fitted {
                purchases: BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, log_likelihood: 0.0, at_limit: false },
                spend: GammaGamma { p: 6.25, q: 3.74, v: 15.44, log_likelihood: 0.0, customers: 946, at_limit: false },
            };
            let s = history(x, if x == 0 { 0.0 } else { recency }, 39.0, 30.0);
            let cheap = f.predict(&s, horizon, low).value;
            let dear = f.predict(&s, horizon, low + more).value;
            prop_assert!(dear < cheap, "{dear} < {cheap}");
            prop_assert!(f.predict(&s, horizon + 1, low).value > cheap);
        }
    }
}
