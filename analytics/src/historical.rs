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

/// What each customer spent period by period since their first purchase, read once: the
/// discounted value at any rate is then a sum over their periods, not a pass over every
/// purchase, which is what a discount slider needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spending {
    /// (customer, spent undiscounted, end of their periods in `periods`), by customer index.
    customers: Vec<(usize, i64, usize)>,
    /// (period from 1, amount spent in it) of every customer in turn, periods rising.
    periods: Vec<(i32, i64)>,
}

impl Spending {
    /// The purchases made on or before `as_of`, summed by customer and `period`.
    pub fn of(purchases: &[Purchase], as_of: i64, period: Period) -> Spending {
        let mut seen: Vec<&Purchase> = purchases.iter().filter(|p| p.day <= as_of).collect();
        seen.sort_unstable_by_key(|p| (p.customer, p.day));
        let unit = period.days();
        let mut spending = Spending::default();
        for orders in seen.chunk_by(|a, b| a.customer == b.customer) {
            let (first, from) = (orders[0].day, spending.periods.len());
            for p in orders {
                let t = ((p.day - first) as f64 / unit).floor() as i32 + 1;
                match spending.periods[from..].last_mut() {
                    Some(last) if last.0 == t => last.1 += p.amount,
                    _ => spending.periods.push((t, p.amount)),
                }
            }
            let spent = orders.iter().map(|p| p.amount).sum();
            spending
                .customers
                .push((orders[0].customer, spent, spending.periods.len()));
        }
        spending
    }

    /// Each customer's value discounted at `rate` per period (above −1), by customer index.
    pub fn values(&self, rate: f64) -> Vec<HistoricalValue> {
        let mut start = 0;
        self.customers
            .iter()
            .map(|&(customer, spent, end)| {
                let periods = &self.periods[start..end];
                start = end;
                HistoricalValue {
                    customer,
                    value: periods
                        .iter()
                        .map(|&(t, amount)| amount as f64 / (1.0 + rate).powi(t))
                        .sum(),
                    spent,
                    periods: periods.last().map_or(0, |p| p.0 as u32),
                }
            })
            .collect()
    }
}

/// The discounted value of each customer's purchases made on or before `as_of`, in the order
/// of the customers' indices. `rate` is per period and above −1.
pub fn discounted_values(
    purchases: &[Purchase],
    as_of: i64,
    period: Period,
    rate: f64,
) -> Vec<HistoricalValue> {
    Spending::of(purchases, as_of, period).values(rate)
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
    fn customers_whose_periods_meet_stay_apart() {
        // Customer 1's only period and customer 2's first are both period 1.
        let orders = [p(1, 10, 300), p(2, 10, 500), p(2, 12, 200), p(2, 80, 1_000)];
        let values = Spending::of(&orders, 100, Period::Month).values(1.0);
        let got: Vec<(usize, f64, i64, u32)> = values
            .iter()
            .map(|v| (v.customer, v.value, v.spent, v.periods))
            .collect();
        assert_eq!(
            got,
            [(1, 150.0, 300, 1), (2, 350.0 + 1_000.0 / 8.0, 1_700, 3)]
        );
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
