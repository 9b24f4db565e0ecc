//! The value a customer has brought so far, discounted back to when they were acquired: the
//! formula of Banyan's source document (section 4.1),
//!
//! CLV = Σ_{t=1..n} value_t / (1 + d)^t,
//!
//! where t counts periods since the customer's first purchase (the first purchase falls in
//! period 1, so every value is discounted as received at the end of its period, as the formula
//! is written), value_t is what they spent in period t, and d is the discount rate per period.

use serde::{Deserialize, Serialize};

use crate::history::{Period, Purchase};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoricalValue {
    pub customer: usize,
    /// Discounted, in minor units.
    pub value: f64,
    /// Not discounted, in minor units.
    pub spent: i64,
    /// Periods from the first purchase to the last one's, that one included.
    pub periods: u32,
}

/// The discounted value of each customer's purchases made on or before `as_of`, in the order
/// of the customers' indices. `rate` is per period and above −1.
pub fn discounted_values(
    purchases: &[Purchase],
    as_of: i64,
    period: Period,
    rate: f64,
) -> Vec<HistoricalValue> {
    let mut seen: Vec<&Purchase> = purchases.iter().filter(|p| p.day <= as_of).collect();
    seen.sort_unstable_by_key(|p| (p.customer, p.day));
    let unit = period.days();
    seen.chunk_by(|a, b| a.customer == b.customer)
        .map(|orders| {
            let first = orders[0].day;
            let mut value = 0.0;
            let mut periods = 0;
            for p in orders {
                let t = ((p.day - first) as f64 / unit).floor() as i32 + 1;
                value += p.amount as f64 / (1.0 + rate).powi(t);
                periods = periods.max(t as u32);
            }
            HistoricalValue {
                customer: orders[0].customer,
                value,
                spent: orders.iter().map(|p| p.amount).sum(),
                periods,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::tests::p;
    use proptest::prelude::*;

    #[test]
    fn each_period_is_discounted_once_more() {
        // Months of 30.44 days: days 0 and 20 are period 1, day 40 period 2, day 100 period 4.
        let orders = [
            p(0, 100, 10_000),
            p(0, 0, 10_000),
            p(0, 20, 5_000),
            p(0, 40, 12_100),
        ];
        let v = &discounted_values(&orders, 365, Period::Month, 0.1)[0];
        let expected = 15_000.0 / 1.1 + 12_100.0 / 1.21 + 10_000.0 / 1.1f64.powi(4);
        assert!(
            (v.value - expected).abs() < 1e-9,
            "{} vs {expected}",
            v.value
        );
        assert_eq!(v.spent, 37_100);
        assert_eq!(v.periods, 4);
    }

    #[test]
    fn no_discount_is_the_sum_spent() {
        let orders = [p(3, 5, 7), p(3, 900, 11), p(1, 2, 13)];
        let values = discounted_values(&orders, 1_000, Period::Week, 0.0);
        assert_eq!(values.len(), 2);
        for v in values {
            assert!((v.value - v.spent as f64).abs() < 1e-9);
        }
    }

    proptest! {
        #[test]
        fn value_falls_as_the_rate_rises(
            orders in prop::collection::vec((0usize..5, 0i64..2_000, 1i64..1_000_000), 1..60),
            low in 0.0f64..0.5,
            more in 0.001f64..0.5,
        ) {
            let orders: Vec<Purchase> = orders.into_iter().map(|(c, d, a)| p(c, d, a)).collect();
            let cheap = discounted_values(&orders, 2_000, Period::Month, low);
            let dear = discounted_values(&orders, 2_000, Period::Month, low + more);
            for (c, d) in cheap.iter().zip(&dear) {
                prop_assert!(d.value < c.value);
                prop_assert!(c.value <= c.spent as f64 + 1e-6);
            }
        }
    }
}
