use serde::{Deserialize, Serialize};

/// Why a model could not be fitted to the data it was given. The data is never "wrong": these
/// say what it lacks, so that the screen can tell the user what to collect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unfit {
    /// Fewer customers than the model needs (`needed` of them).
    TooFewCustomers { have: usize, needed: usize },
    /// Nobody bought twice, so there is no repeat behaviour to learn from.
    NoRepeatPurchases,
    /// The likelihood keeps growing towards a boundary (a parameter running to zero or to
    /// infinity): the data cannot pin the model down.
    Degenerate,
    /// The fitted spend model has no finite mean (its `q` is 1 or less).
    NoMeanSpend,
    /// More clusters asked for than there are distinct customers, or fewer than one.
    BadClusterCount { k: usize, points: usize },
    /// No features, or features of different lengths.
    NoFeatures,
}

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unfit::TooFewCustomers { have, needed } => write!(
                f,
                "{have} customers with orders; the model needs at least {needed}"
            ),
            Unfit::NoRepeatPurchases => write!(f, "no customer has bought twice yet"),
            Unfit::Degenerate => write!(f, "the orders cannot pin the model's parameters down"),
            Unfit::NoMeanSpend => write!(f, "the spend model fitted has no finite mean"),
            Unfit::BadClusterCount { k, points } => {
                write!(f, "{k} clusters cannot be made of {points} customers")
            }
            Unfit::NoFeatures => write!(f, "no features to compare customers by"),
        }
    }
}

impl std::error::Error for Unfit {}
