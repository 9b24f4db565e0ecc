//! k-means clustering (Lloyd's iterations from a k-means++ start, seeded so that the same
//! seed gives the same clusters everywhere), on features the caller has standardized, with
//! Euclidean distance; and the silhouette, to suggest how many clusters the data holds.

use serde::{Deserialize, Serialize};

use crate::Unfit;
use crate::features::{Table, distance2};
use crate::random::SplitMix;

const MAX_ITERATIONS: usize = 100;

/// Points the silhouette is measured on: it costs the square of their number.
const SILHOUETTE_SAMPLE: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clusters {
    /// Each cluster's centre, in the features' (standardized) units.
    pub centroids: Vec<Vec<f64>>,
    /// Each point's cluster.
    pub labels: Vec<usize>,
    pub sizes: Vec<usize>,
    /// Sum of squared distances from points to their centres.
    pub inertia: f64,
    /// The inertia after each assignment of points, first to last.
    pub inertia_by_iteration: Vec<f64>,
}

/// Nearest centroid and the squared distance to it; ties go to the first.
fn nearest(point: &[f64], centroids: &[Vec<f64>]) -> (usize, f64) {
    centroids
        .iter()
        .enumerate()
        .map(|(c, centre)| (c, distance2(point, centre)))
        .fold(
            (0, f64::INFINITY),
            |best, d| if d.1 < best.1 { d } else { best },
        )
}

/// k-means++: each next centre drawn with a probability proportional to its squared
/// distance from the nearest centre already drawn.
fn seeds(points: &Table, k: usize, random: &mut SplitMix) -> Result<Vec<Vec<f64>>, Unfit> {
    let n = points.rows();
    let mut centroids = vec![points.row(random.below(n)).to_vec()];
    let mut d2: Vec<f64> = points.iter().map(|p| distance2(p, &centroids[0])).collect();
    while centroids.len() < k {
        let total: f64 = d2.iter().sum();
        if total <= 0.0 {
            // Every point coincides with a centre already: fewer distinct points than k.
            return Err(Unfit::BadClusterCount {
                k,
                points: centroids.len(),
            });
        }
        let mut target = random.unit() * total;
        let mut pick = n - 1;
        for (i, d) in d2.iter().enumerate() {
            if target < *d {
                pick = i;
                break;
            }
            target -= d;
        }
        let centre = points.row(pick).to_vec();
        for (d, p) in d2.iter_mut().zip(points.iter()) {
            *d = d.min(distance2(p, &centre));
        }
        centroids.push(centre);
    }
    Ok(centroids)
}

/// Clusters `points` into `k` groups.
pub fn kmeans(points: &Table, k: usize, seed: u64) -> Result<Clusters, Unfit> {
    let n = points.rows();
    if k == 0 || k > n {
        return Err(Unfit::BadClusterCount { k, points: n });
    }
    let mut random = SplitMix::new(seed);
    let mut centroids = seeds(points, k, &mut random)?;
    let mut labels = vec![usize::MAX; n];
    let mut history = Vec::new();
    for _ in 0..MAX_ITERATIONS {
        let mut changed = false;
        let mut inertia = 0.0;
        for (label, p) in labels.iter_mut().zip(points.iter()) {
            let (c, d) = nearest(p, &centroids);
            changed |= *label != c;
            *label = c;
            inertia += d;
        }
        history.push(inertia);
        if !changed {
            break;
        }
        let mut sums = vec![vec![0.0; points.columns()]; k];
        let mut counts = vec![0usize; k];
        for (&c, p) in labels.iter().zip(points.iter()) {
            counts[c] += 1;
            for (s, v) in sums[c].iter_mut().zip(p) {
                *s += v;
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                centroids[c] = sums[c].iter().map(|s| s / counts[c] as f64).collect();
            } else {
                // An emptied cluster restarts at the point worst served, which can only
                // lower the inertia.
                let worst = (0..n)
                    .max_by(|&a, &b| {
                        let da = distance2(points.row(a), &centroids[labels[a]]);
                        let db = distance2(points.row(b), &centroids[labels[b]]);
                        da.total_cmp(&db)
                    })
                    .unwrap_or(0);
                centroids[c] = points.row(worst).to_vec();
            }
        }
    }
    let mut sizes = vec![0; k];
    for &c in &labels {
        sizes[c] += 1;
    }
    Ok(Clusters {
        centroids,
        sizes,
        inertia: *history.last().unwrap_or(&0.0),
        inertia_by_iteration: history,
        labels,
    })
}

/// The mean silhouette of a clustering, on a seeded sample of at most 1,000 points: for each,
/// (b − a) / max(a, b) where a is its mean distance to its own cluster and b to the nearest
/// other. Near 1, tight and apart; near 0, clusters that touch.
pub fn silhouette(points: &Table, labels: &[usize], k: usize, seed: u64) -> f64 {
    let mut order: Vec<usize> = (0..points.rows()).collect();
    let mut random = SplitMix::new(seed);
    let take = order.len().min(SILHOUETTE_SAMPLE);
    for i in 0..take {
        let j = i + random.below(order.len() - i);
        order.swap(i, j);
    }
    let sample = &order[..take];
    let mut total = 0.0;
    for &i in sample {
        let mut sum = vec![0.0; k];
        let mut count = vec![0usize; k];
        for &j in sample {
            if i != j {
                sum[labels[j]] += distance2(points.row(i), points.row(j)).sqrt();
                count[labels[j]] += 1;
            }
        }
        let own = labels[i];
        if count[own] == 0 {
            continue;
        }
        let a = sum[own] / count[own] as f64;
        let b = (0..k)
            .filter(|&c| c != own && count[c] > 0)
            .map(|c| sum[c] / count[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    total / take as f64
}

/// One candidate number of clusters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub k: usize,
    pub inertia: f64,
    pub silhouette: f64,
}

/// Clusters for k = 2 to `most` and suggests the k with the best silhouette; the inertias
/// draw the elbow beside it.
pub fn suggest_k(points: &Table, most: usize, seed: u64) -> Result<(usize, Vec<Candidate>), Unfit> {
    let most = most.min(points.rows().saturating_sub(1));
    let mut candidates = Vec::new();
    for k in 2..=most {
        let c = match kmeans(points, k, seed) {
            Ok(c) => c,
            Err(Unfit::BadClusterCount { .. }) => break,
            Err(e) => return Err(e),
        };
        candidates.push(Candidate {
            k,
            inertia: c.inertia,
            silhouette: silhouette(points, &c.labels, k, seed),
        });
    }
    let best = candidates
        .iter()
        .max_by(|a, b| a.silhouette.total_cmp(&b.silhouette))
        .ok_or(Unfit::BadClusterCount {
            k: 2,
            points: points.rows(),
        })?;
    Ok((best.k, candidates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Three tight blobs around (0, 0), (10, 0) and (0, 10).
    fn blobs(seed: u64) -> Table {
        let mut random = SplitMix::new(seed);
        let rows: Vec<Vec<f64>> = (0..300)
            .map(|i| {
                let (cx, cy) = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)][i % 3];
                vec![cx + random.unit() - 0.5, cy + random.unit() - 0.5]
            })
            .collect();
        Table::new(&rows).expect("a table")
    }

    #[test]
    fn finds_three_blobs_and_suggests_three() {
        let t = blobs(7);
        let c = kmeans(&t, 3, 42).expect("clusters");
        assert_eq!(c.sizes, vec![100, 100, 100]);
        for i in 0..300 {
            assert_eq!(c.labels[i], c.labels[i % 3], "point {i} with its blob");
        }
        let (k, candidates) = suggest_k(&t, 6, 42).expect("a suggestion");
        assert_eq!(k, 3);
        assert_eq!(candidates.len(), 5);
        assert!(candidates[1].silhouette > 0.9);
    }

    #[test]
    fn refuses_impossible_counts() {
        let t = Table::new(&[vec![1.0], vec![1.0], vec![2.0]]).expect("a table");
        assert_eq!(
            kmeans(&t, 0, 1),
            Err(Unfit::BadClusterCount { k: 0, points: 3 })
        );
        assert_eq!(
            kmeans(&t, 4, 1),
            Err(Unfit::BadClusterCount { k: 4, points: 3 })
        );
        assert_eq!(
            kmeans(&t, 3, 1),
            Err(Unfit::BadClusterCount { k: 3, points: 2 })
        );
        assert!(kmeans(&t, 2, 1).is_ok());
    }

    proptest! {
        #[test]
        fn inertia_never_rises_and_the_seed_decides(
            rows in prop::collection::vec(prop::collection::vec(-100.0f64..100.0, 3), 12..80),
            k in 1usize..6,
            seed in any::<u64>(),
        ) {
            let t = Table::new(&rows).expect("a table").standardized();
            let Ok(c) = kmeans(&t, k, seed) else { return Ok(()) };
            for w in c.inertia_by_iteration.windows(2) {
                prop_assert!(w[1] <= w[0] * (1.0 + 1e-12) + 1e-12, "{:?}", c.inertia_by_iteration);
            }
            prop_assert_eq!(c.sizes.iter().sum::<usize>(), rows.len());
            prop_assert_eq!(kmeans(&t, k, seed).expect("again"), c);
        }
    }
}
