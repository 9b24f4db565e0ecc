//! From orders to each customer's purchase history, as the models read it.
//!
//! Days are whole days since any fixed origin (the server counts from 1970-01-01); amounts
//! are integer minor units of one currency. Orders on the same day are one purchase, as a
//! customer's basket split over several orders is still one visit.

use serde::{Deserialize, Serialize};

/// One order: whose (an index the caller keeps), which day, how much. Serialized as a
/// `[customer, day, amount]` triple: reports carry tens of thousands of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "(usize, i64, i64)", into = "(usize, i64, i64)")]
pub struct Purchase {
    pub customer: usize,
    pub day: i64,
    pub amount: i64,
}

impl From<(usize, i64, i64)> for Purchase {
    fn from((customer, day, amount): (usize, i64, i64)) -> Purchase {
        Purchase {
            customer,
            day,
            amount,
        }
    }
}

impl From<Purchase> for (usize, i64, i64) {
    fn from(p: Purchase) -> (usize, i64, i64) {
        (p.customer, p.day, p.amount)
    }
}

/// The unit the models count time in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// Its length in days: months and quarters are average ones, so that every period of a
    /// kind weighs the same.
    pub fn days(self) -> f64 {
        match self {
            Period::Week => 7.0,
            Period::Month => 365.25 / 12.0,
            Period::Quarter => 365.25 / 4.0,
            Period::Year => 365.25,
        }
    }
}

/// A customer's history up to a date, in the terms of the models. Times are in periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub customer: usize,
    /// Repeat purchases: days with orders after the first one.
    pub frequency: u32,
    /// From the first purchase to the last.
    pub recency: f64,
    /// From the first purchase to the date of the summary.
    pub age: f64,
    /// Mean value of the repeat purchases (zero without any), in minor units.
    pub monetary: f64,
    /// Value of all purchases, the first included, in minor units.
    pub total: i64,
    /// Days from the last purchase to the date of the summary.
    pub days_since_last: i64,
    pub first_day: i64,
}

impl Summary {
    /// Purchases in all, the first included.
    pub fn purchases(&self) -> u32 {
        self.frequency + 1
    }
}

/// Summarises the purchases made on or before `as_of`, one summary per customer who made any,
/// in the order of the customers' indices.
pub fn summarize(purchases: &[Purchase], as_of: i64, period: Period) -> Vec<Summary> {
    let mut seen: Vec<Purchase> = purchases
        .iter()
        .filter(|p| p.day <= as_of)
        .copied()
        .collect();
    seen.sort_unstable_by_key(|p| (p.customer, p.day));
    let unit = period.days();
    let mut out = Vec::new();
    for orders in seen.chunk_by(|a, b| a.customer == b.customer) {
        let first = orders[0].day;
        let last = orders[orders.len() - 1].day;
        let total: i64 = orders.iter().map(|p| p.amount).sum();
        let repeat_days = orders.chunk_by(|a, b| a.day == b.day).count() - 1;
        let first_day_value: i64 = orders
            .iter()
            .take_while(|p| p.day == first)
            .map(|p| p.amount)
            .sum();
        let monetary = if repeat_days == 0 {
            0.0
        } else {
            (total - first_day_value) as f64 / repeat_days as f64
        };
        out.push(Summary {
            customer: orders[0].customer,
            frequency: repeat_days as u32,
            recency: (last - first) as f64 / unit,
            age: (as_of - first) as f64 / unit,
            monetary,
            total,
            days_since_last: as_of - last,
            first_day: first,
        });
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn p(customer: usize, day: i64, amount: i64) -> Purchase {
        Purchase {
            customer,
            day,
            amount,
        }
    }

    #[test]
    fn a_purchase_travels_as_a_triple() {
        let json = serde_json::to_string(&p(7, -3, 1_250)).unwrap();
        assert_eq!(json, "[7,-3,1250]");
        assert_eq!(
            serde_json::from_str::<Purchase>(&json).unwrap(),
            p(7, -3, 1_250)
        );
    }

    #[test]
    fn same_day_orders_are_one_purchase_and_later_ones_are_ignored() {
        let orders = [
            p(1, 10, 500),
            p(0, 3, 100),
            p(0, 3, 50),
            p(0, 17, 300),
            p(0, 31, 500),
            p(0, 40, 9_999),
            p(2, 50, 10),
        ];
        let s = summarize(&orders, 38, Period::Week);
        assert_eq!(s.len(), 2, "customer 2 bought only after the date");
        let a = &s[0];
        assert_eq!(a.customer, 0);
        assert_eq!(a.frequency, 2);
        assert_eq!(a.purchases(), 3);
        assert!((a.recency - 4.0).abs() < 1e-12);
        assert!((a.age - 5.0).abs() < 1e-12);
        assert!((a.monetary - 400.0).abs() < 1e-12);
        assert_eq!(a.total, 950);
        assert_eq!(a.days_since_last, 7);
        let b = &s[1];
        assert_eq!((b.frequency, b.recency, b.monetary), (0, 0.0, 0.0));
        assert_eq!(b.days_since_last, 28);
    }
}
