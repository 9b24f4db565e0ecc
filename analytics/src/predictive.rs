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
        let spend = self.spend.expected_spend(s);
        let mut value = 0.0;
        let mut before = 0.0;
        let mut discount = 1.0;
        for k in 1..=horizon {
            let upto = self.purchases.expected_purchases(s, k as f64);
            discount /= 1.0 + rate;
            value += (upto - before) * spend * discount;
            before = upto;
        }
        Prediction {
            customer: s.customer,
            p_alive: self.purchases.p_alive(s),
            expected_purchases: before,
            expected_spend: spend,
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
