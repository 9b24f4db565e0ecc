use serde::{Deserialize, Serialize};

/// The lowest and highest score a requester can give.
pub const SCORES: std::ops::RangeInclusive<u8> = 1..=5;

/// What the public rating page shows the requester: which request, and what they gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub company_name: String,
    pub number: i64,
    pub subject: String,
    pub score: Option<u8>,
    pub comment: Option<String>,
}

/// A rating as the page posts it; the token says which ticket it is for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingForm {
    pub token: String,
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub comment: String,
}
