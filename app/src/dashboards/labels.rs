//! The words for RFM segments, periods, and why a model could not be fitted.

use analytics::Unfit;
use analytics::history::Period;
use analytics::rfm::Segment;

use crate::i18n::{Messages, fill};

impl Messages {
    pub fn segment(&self, segment: Segment) -> &'static str {
        use Segment;
        match segment {
            Segment::Champions => self.segment_champions,
            Segment::Loyal => self.segment_loyal,
            Segment::PotentialLoyalists => self.segment_potential,
            Segment::New => self.segment_new,
            Segment::AtRisk => self.segment_at_risk,
            Segment::CantLose => self.segment_cant_lose,
            Segment::Hibernating => self.segment_hibernating,
            Segment::Lost => self.segment_lost,
        }
    }

    pub fn period(&self, period: Period) -> &'static str {
        use Period;
        match period {
            Period::Week => self.period_week,
            Period::Month => self.period_month,
            Period::Quarter => self.period_quarter,
            Period::Year => self.period_year,
        }
    }

    /// Why a model could not be fitted, and what would let it.
    pub fn unfit(&self, why: &Unfit) -> String {
        match *why {
            Unfit::TooFewCustomers { have, needed } => fill(
                self.unfit_too_few,
                &[("have", &have.to_string()), ("needed", &needed.to_string())],
            ),
            Unfit::NoRepeatPurchases => self.unfit_no_repeat.to_owned(),
            Unfit::Degenerate => self.unfit_degenerate.to_owned(),
            Unfit::NoMeanSpend => self.unfit_no_mean_spend.to_owned(),
            Unfit::BadClusterCount { k, points } => fill(
                self.unfit_bad_clusters,
                &[("k", &k.to_string()), ("points", &points.to_string())],
            ),
            Unfit::NoFeatures => self.unfit_no_features.to_owned(),
        }
    }
}
