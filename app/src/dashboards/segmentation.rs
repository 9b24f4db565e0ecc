//! Segmenting a ledger's customers: RFM scores, and clusters over the features the user
//! picked. Pure, so that the server (for the command line and the first render) and the
//! browser (as the user changes features or the number of clusters) run the same code.

use analytics::Unfit;
use analytics::features::Table;
use analytics::historical::discounted_values;
use analytics::history::{Period, Summary};
use analytics::kmeans::{kmeans, suggest_k};
use analytics::projection::principal_plane;
use analytics::rfm::{self, Segment};

use super::types::{Feature, Ledger, MAX_CLUSTERS, Profile, SegmentSize, Segments};

/// The discount the value feature is counted at: a month's worth of a 12 % yearly rate.
const VALUE_RATE: f64 = 0.01;

/// One row of `features` per customer with orders, from their monthly `histories`.
pub fn feature_rows(ledger: &Ledger, histories: &[Summary], features: &[Feature]) -> Vec<Vec<f64>> {
    let values = features.contains(&Feature::Value).then(|| {
        discounted_values(
            &ledger.purchases,
            ledger.as_of_day,
            Period::Month,
            VALUE_RATE,
        )
    });
    histories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            features
                .iter()
                .map(|f| match f {
                    Feature::Recency => s.days_since_last as f64,
                    Feature::Frequency => s.purchases() as f64,
                    Feature::Monetary => s.total as f64,
                    Feature::Value => values.as_ref().map_or(0.0, |v| v[i].value),
                    Feature::Tenure => (ledger.as_of_day - s.first_day) as f64,
                    Feature::Tickets => f64::from(ledger.tickets[s.customer]),
                })
                .collect()
        })
        .collect()
}

impl Segments {
    /// RFM scores of every customer in `ledger`, and `clusters` of them (none: the number
    /// with the best silhouette) over `features`, seeded with `seed`. Clusters the data
    /// cannot support are reported in the result.
    pub fn of(
        ledger: &Ledger,
        features: &[Feature],
        clusters: Option<usize>,
        seed: u64,
    ) -> Segments {
        let histories = ledger.histories(Period::Month);
        let scores = rfm::score(&histories);
        let features = feature_rows(ledger, &histories, features);
        let mut candidates = Vec::new();
        let mut plane = None;
        let clusters = match Table::new(&features) {
            Err(_) => Err(Unfit::TooFewCustomers { have: 0, needed: 2 }),
            Ok(table) => {
                let table = table.standardized();
                plane = Some(principal_plane(&table));
                let k = match clusters {
                    Some(k) => Ok(k),
                    None => suggest_k(&table, MAX_CLUSTERS, seed).map(|(k, tried)| {
                        candidates = tried;
                        k
                    }),
                };
                k.and_then(|k| kmeans(&table, k, seed))
            }
        };
        Segments {
            scores,
            features,
            candidates,
            clusters,
            plane,
        }
    }

    /// Customers and their revenue per RFM segment, in the order of `Segment::ALL`.
    pub fn sizes(&self, ledger: &Ledger) -> Vec<SegmentSize> {
        let revenue = ledger.revenue();
        Segment::ALL
            .iter()
            .map(|&segment| {
                let members = self.scores.iter().filter(|s| s.segment == segment);
                SegmentSize {
                    segment,
                    customers: members.clone().count(),
                    revenue: members.map(|s| revenue[s.customer]).sum(),
                }
            })
            .collect()
    }

    /// Each cluster's size and the mean of each feature over its customers, in their own
    /// units; none without clusters.
    pub fn profiles(&self) -> Vec<Profile> {
        let Ok(clusters) = &self.clusters else {
            return Vec::new();
        };
        let width = self.features.first().map_or(0, Vec::len);
        clusters
            .sizes
            .iter()
            .enumerate()
            .map(|(c, &size)| {
                let mut means = vec![0.0; width];
                for (row, _) in self
                    .features
                    .iter()
                    .zip(&clusters.labels)
                    .filter(|(_, l)| **l == c)
                {
                    for (m, v) in means.iter_mut().zip(row) {
                        *m += v / size.max(1) as f64;
                    }
                }
                Profile {
                    customers: size,
                    means,
                }
            })
            .collect()
    }

    /// The customers (indexes into the ledger) in an RFM segment.
    pub fn in_segment(&self, segment: Segment) -> Vec<usize> {
        self.scores
            .iter()
            .filter(|s| s.segment == segment)
            .map(|s| s.customer)
            .collect()
    }

    /// The customers (indexes into the ledger) in a cluster.
    pub fn in_cluster(&self, cluster: usize) -> Vec<usize> {
        let Ok(clusters) = &self.clusters else {
            return Vec::new();
        };
        self.scores
            .iter()
            .zip(&clusters.labels)
            .filter(|(_, l)| **l == cluster)
            .map(|(s, _)| s.customer)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use analytics::history::Purchase;
    use uuid::Uuid;

    use super::*;
    use crate::customers::history::types::Customer;

    /// Forty customers: the first twenty buy often and much until lately, the rest once,
    /// long ago, a little; customer 3 opened tickets.
    fn ledger() -> Ledger {
        let mut purchases = Vec::new();
        for c in 0..40 {
            if c < 20 {
                for k in 0..8 {
                    purchases.push(Purchase::from((c, 300 + 10 * k, 20_000 + c as i64)));
                }
            } else {
                purchases.push(Purchase::from((c, 10 + c as i64, 1_000)));
            }
        }
        Ledger {
            base_currency: "CNY".into(),
            unconverted: vec![],
            customers: (0..40)
                .map(|i| Customer {
                    id: Uuid::from_u128(i),
                    name: format!("c{i}"),
                })
                .collect(),
            purchases,
            tickets: (0..40).map(|i| if i == 3 { 4 } else { 0 }).collect(),
            as_of_day: 400,
        }
    }

    #[test]
    fn segments_and_clusters_cover_every_customer_once() {
        let ledger = ledger();
        let features = [Feature::Recency, Feature::Frequency, Feature::Tickets];
        let s = Segments::of(&ledger, &features, None, 7);
        assert_eq!(s.scores.len(), 40);
        assert_eq!(
            s.features[3],
            vec![30.0, 8.0, 4.0],
            "days since, purchases, tickets"
        );
        let sizes = s.sizes(&ledger);
        assert_eq!(sizes.iter().map(|s| s.customers).sum::<usize>(), 40);
        let revenue: i64 = ledger.purchases.iter().map(|p| p.amount).sum();
        assert_eq!(sizes.iter().map(|s| s.revenue).sum::<i64>(), revenue);
        let mut seen: Vec<usize> = Segment::ALL.iter().flat_map(|&g| s.in_segment(g)).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..40).collect::<Vec<_>>());

        let clusters = s.clusters.as_ref().expect("clusters");
        assert!(!s.candidates.is_empty(), "k was suggested");
        let profiles = s.profiles();
        assert_eq!(profiles.len(), clusters.sizes.len());
        let mut members: Vec<usize> = (0..profiles.len()).flat_map(|c| s.in_cluster(c)).collect();
        members.sort_unstable();
        assert_eq!(members, (0..40).collect::<Vec<_>>());
        // The frequent buyers and the one-off ones are told apart.
        let of = |c: usize| clusters.labels[c];
        assert_ne!(of(0), of(30));
        let busy = &profiles[of(0)];
        assert!(busy.means[1] > 4.0, "{busy:?}");
    }

    #[test]
    fn asked_clusters_are_found_and_impossible_ones_reported() {
        let ledger = ledger();
        let two = Segments::of(&ledger, &[Feature::Monetary], Some(2), 7);
        assert_eq!(two.clusters.as_ref().map(|c| c.sizes.len()), Ok(2));
        assert!(
            two.candidates.is_empty(),
            "nothing to suggest when k is given"
        );
        let too_many = Segments::of(&ledger, &[Feature::Monetary], Some(41), 7);
        assert!(too_many.clusters.is_err());
        assert_eq!(too_many.scores.len(), 40, "RFM stands without clusters");
    }
}
