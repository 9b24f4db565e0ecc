//! What the value and segment reports carry. A report sends the customers' histories with
//! the fitted models, not only the answers, so that the browser can redo a what-if (another
//! horizon, discount rate or number of clusters) with the same code and no round trip.

use analytics::Unfit;
use analytics::historical::{HistoricalValue, discounted_values};
use analytics::history::{Period, Purchase, Summary};
use analytics::kmeans::{Candidate, Clusters};
use analytics::predictive::{Fitted, Prediction};
use analytics::projection::Plane;
use analytics::rfm::Scores;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Horizons beyond ten years of weeks say more about the model than the customers.
pub const MAX_HORIZON: u32 = 520;

/// A customer with orders, as the reports name them; `Summary::customer` indexes these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueReport {
    pub query: ValueQuery,
    pub base_currency: String,
    /// Currencies of orders left out for want of an exchange rate.
    pub unconverted: Vec<String>,
    /// The customers with orders up to the date.
    pub customers: Vec<Customer>,
    /// Their revenue orders up to the date, in base minor units.
    pub purchases: Vec<Purchase>,
    /// The date as the purchases count days.
    pub as_of_day: i64,
    /// One per customer, by customer.
    pub histories: Vec<Summary>,
    pub fit: Result<Fitted, Unfit>,
}

impl ValueReport {
    /// Each customer's value so far discounted at `discount` per period, in the order of
    /// `histories`.
    pub fn historical(&self, discount: f64) -> Vec<HistoricalValue> {
        discounted_values(&self.purchases, self.as_of_day, self.query.period, discount)
    }

    /// Each customer's outlook over `horizon` periods at `discount`, in the order of
    /// `histories`; none when the models could not be fitted.
    pub fn predictions(&self, horizon: u32, discount: f64) -> Vec<Prediction> {
        match &self.fit {
            Ok(fitted) => self
                .histories
                .iter()
                .map(|s| fitted.predict(s, horizon, discount))
                .collect(),
            Err(_) => Vec::new(),
        }
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentReport {
    pub query: SegmentQuery,
    pub base_currency: String,
    pub unconverted: Vec<String>,
    pub customers: Vec<Customer>,
    /// RFM scores, one per customer with orders, by customer.
    pub scores: Vec<Scores>,
    /// The chosen features, one row per scored customer, in their own units.
    pub features: Vec<Vec<f64>>,
    /// The number of clusters tried and how well each did, when none was asked for.
    pub candidates: Vec<Candidate>,
    pub clusters: Result<Clusters, Unfit>,
    pub plane: Option<Plane>,
}
