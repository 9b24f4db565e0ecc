//! What the value and segment reports carry. A report sends the customers' histories with
//! the fitted models, not only the answers, so that the browser can redo a what-if (another
//! horizon, discount rate or number of clusters) with the same code and no round trip.

use analytics::Unfit;
use analytics::historical::{HistoricalValue, Spending};
use analytics::history::{Period, Purchase, Summary, summarize};
use analytics::kmeans::{Candidate, Clusters};
use analytics::predictive::{Fitted, Outlook, Prediction};
use analytics::projection::Plane;
use analytics::rfm::{Scores, Segment};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::customers::history::types::Customer;

/// Horizons beyond ten years of weeks say more about the model than the customers.
pub const MAX_HORIZON: u32 = 520;

/// What to compute lifetime value over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueQuery {
    /// Orders up to the end of this day count.
    pub as_of: NaiveDate,
    pub period: Period,
    /// Periods ahead, 1 to [`MAX_HORIZON`].
    pub horizon: u32,
    /// Discount rate per period, 0 to 1.
    pub discount: f64,
}

/// The customers with orders that a user may see, and their purchases up to a day: what
/// every analysis here starts from, sent whole to the browser so that its what-ifs need no
/// round trip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub base_currency: String,
    /// Currencies of orders left out for want of an exchange rate.
    pub unconverted: Vec<String>,
    /// The customers with orders up to the date.
    #[serde(with = "super::columns::customers")]
    pub customers: Vec<Customer>,
    /// Their revenue orders up to the date, in base minor units, by customer and day.
    #[serde(with = "super::columns::purchases")]
    pub purchases: Vec<Purchase>,
    /// Tickets each customer opened, by customer.
    pub tickets: Vec<u32>,
    /// The date as the purchases count days.
    pub as_of_day: i64,
}

impl Ledger {
    /// What each customer has spent in all, by customer, in base minor units.
    pub fn revenue(&self) -> Vec<i64> {
        let mut revenue = vec![0; self.customers.len()];
        for p in &self.purchases {
            revenue[p.customer] += p.amount;
        }
        revenue
    }

    /// Each customer's history counted in `period`s, by customer.
    pub fn histories(&self, period: Period) -> Vec<Summary> {
        summarize(&self.purchases, self.as_of_day, period)
    }
}

/// Lifetime value: the ledger and the models fitted to it. The histories are derived from the
/// ledger where the report is read, never sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "ValueSent")]
pub struct ValueReport {
    pub query: ValueQuery,
    pub ledger: Ledger,
    pub fit: Result<Fitted, Unfit>,
    /// One per customer, by customer.
    #[serde(skip_serializing)]
    pub histories: Vec<Summary>,
}

#[derive(Deserialize)]
struct ValueSent {
    query: ValueQuery,
    ledger: Ledger,
    fit: Result<Fitted, Unfit>,
}

impl From<ValueSent> for ValueReport {
    fn from(sent: ValueSent) -> ValueReport {
        ValueReport::new(sent.query, sent.ledger, sent.fit)
    }
}

impl ValueReport {
    pub fn new(query: ValueQuery, ledger: Ledger, fit: Result<Fitted, Unfit>) -> ValueReport {
        ValueReport {
            histories: ledger.histories(query.period),
            query,
            ledger,
            fit,
        }
    }

    /// What each customer spent period by period, in the order of `histories`: their value so
    /// far at any discount is a sum over it.
    pub fn spending(&self) -> Spending {
        Spending::of(
            &self.ledger.purchases,
            self.ledger.as_of_day,
            self.query.period,
        )
    }

    /// Each customer's value so far discounted at `discount` per period, in the order of
    /// `histories`.
    pub fn historical(&self, discount: f64) -> Vec<HistoricalValue> {
        self.spending().values(discount)
    }

    /// Each customer's expected purchases period by period up to `longest`, in the order of
    /// `histories`, from which any horizon and rate up to it is a sum; none when the models
    /// could not be fitted.
    pub fn outlooks(&self, longest: u32) -> Vec<Outlook> {
        match &self.fit {
            Ok(fitted) => self
                .histories
                .iter()
                .map(|s| fitted.outlook(s, longest))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Each customer's outlook over `horizon` periods at `discount`, in the order of
    /// `histories`; none when the models could not be fitted.
    pub fn predictions(&self, horizon: u32, discount: f64) -> Vec<Prediction> {
        self.outlooks(horizon)
            .iter()
            .map(|o| o.predict(horizon, discount))
            .collect()
    }
}

/// What a customer can be clustered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Feature {
    /// Days since the last purchase.
    Recency,
    /// Purchases.
    Frequency,
    /// Spent in all.
    Monetary,
    /// Historical lifetime value, discounted by month at 1 %.
    Value,
    /// Days since the first purchase.
    Tenure,
    /// Tickets opened.
    Tickets,
}

impl Feature {
    pub const ALL: [Feature; 6] = [
        Feature::Recency,
        Feature::Frequency,
        Feature::Monetary,
        Feature::Value,
        Feature::Tenure,
        Feature::Tickets,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Recency => "recency",
            Feature::Frequency => "frequency",
            Feature::Monetary => "monetary",
            Feature::Value => "value",
            Feature::Tenure => "tenure",
            Feature::Tickets => "tickets",
        }
    }

    pub fn parse(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.as_str() == name.trim())
    }
}

/// Most clusters a suggestion considers.
pub const MAX_CLUSTERS: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentQuery {
    pub as_of: NaiveDate,
    pub features: Vec<Feature>,
    /// 1 to [`MAX_CLUSTERS`]; none: the number with the best silhouette among 2 to
    /// [`MAX_CLUSTERS`].
    pub clusters: Option<usize>,
    pub seed: u64,
}

/// RFM scores and clusters of a ledger's customers, and the CLI's and service's answer with
/// the ledger they were computed from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentReport {
    pub query: SegmentQuery,
    pub ledger: Ledger,
    pub segments: Segments,
}

/// What segmenting a ledger's customers gives (`Segments::of`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segments {
    /// RFM scores, one per customer with orders, by customer.
    pub scores: Vec<Scores>,
    /// The chosen features, one row per scored customer, in their own units.
    pub features: Vec<Vec<f64>>,
    /// The number of clusters tried and how well each did, when none was asked for.
    pub candidates: Vec<Candidate>,
    pub clusters: Result<Clusters, Unfit>,
    pub plane: Option<Plane>,
}

/// A cluster described in the features' own units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub customers: usize,
    /// The mean of each chosen feature over the cluster.
    pub means: Vec<f64>,
}

/// An RFM segment's size and what its customers have spent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentSize {
    pub segment: Segment,
    pub customers: usize,
    /// In base minor units.
    pub revenue: i64,
}

/// A customer like another, by the source document's normalized squared distance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alike {
    pub customer: Customer,
    /// Smaller is more alike; 0 is the same.
    pub distance: f64,
}

#[cfg(test)]
mod tests {
    use analytics::history::Period;

    use super::*;

    #[test]
    fn a_value_report_travels_without_its_histories_and_gets_them_back() {
        let customer = |name: &str| Customer {
            id: uuid::Uuid::now_v7(),
            name: name.into(),
        };
        let ledger = Ledger {
            base_currency: "CNY".into(),
            unconverted: vec![],
            customers: vec![customer("张伟"), customer("Emily")],
            purchases: vec![
                Purchase::from((0, 100, 5_000)),
                Purchase::from((0, 130, 7_000)),
                Purchase::from((1, 120, 900)),
            ],
            tickets: vec![0, 2],
            as_of_day: 160,
        };
        let query = ValueQuery {
            as_of: NaiveDate::from_ymd_opt(1970, 6, 9).unwrap(),
            period: Period::Month,
            horizon: 12,
            discount: 0.01,
        };
        let report = ValueReport::new(query, ledger, Err(Unfit::NoRepeatPurchases));
        assert_eq!(report.histories.len(), 2);
        assert_eq!(report.histories[0].frequency, 1);
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("histories"), "{json}");
        assert!(
            json.contains(
                r#""purchases":{"customer":[0,0,1],"day":[100,30,-10],"amount":[5000,7000,900]}"#
            ),
            "purchases as columns of differences: {json}"
        );
        assert!(json.contains(r#""name":["张伟","Emily"]"#), "{json}");
        let back: ValueReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);

        let short = json.replace("[5000,7000,900]", "[5000,7000]");
        let refused = serde_json::from_str::<ValueReport>(&short).unwrap_err();
        assert!(
            refused.to_string().contains("differ in length"),
            "{refused}"
        );
        let nobody = json.replace("[0,0,1]", "[0,0,-1]");
        let refused = serde_json::from_str::<ValueReport>(&nobody).unwrap_err();
        assert!(
            refused.to_string().contains("names no customer"),
            "{refused}"
        );
    }
}
