//! "Customers most like this one", by the measure of Banyan's source document (section 4.2):
//!
//! D(i, j) = Σ_k (F_k(i) − F_k(j))² / Σ_k F_k(i)²
//!
//! It is called a similarity there, but it is a normalized squared distance: 0 for identical
//! customers and larger the more they differ, and not symmetric (D(i, j) ≠ D(j, i), as it is
//! measured against customer i's own magnitude). Computed on features scaled by their spread
//! ([`Table::scaled_by_spread`]): in raw units the biggest numbers, money, would drown the
//! rest. The source's worked example (section 4.3) also miscalculates it: (5000 − 6000)² is
//! 1,000,000, not 10,000, and 5000² is 25,000,000, not 250,000, so
//! D(A, B) = 1,000,026 / 25,000,901 ≈ 0.0400 rather than 10,026 / 250,901 (which is itself
//! ≈ 0.0400, not the 0.0403 printed); and a small value means alike, not "low similarity".

use crate::features::{Table, distance2};

/// D(i, j) of the source; `None` when customer i's features are all zero.
pub fn relative_distance(i: &[f64], j: &[f64]) -> Option<f64> {
    let own: f64 = i.iter().map(|v| v * v).sum();
    (own > 0.0).then(|| distance2(i, j) / own)
}

/// The `n` customers nearest to customer `of` by D(of, ·), nearest first, with their D.
pub fn most_alike(table: &Table, of: usize, n: usize) -> Vec<(usize, f64)> {
    let target = table.row(of);
    let mut near: Vec<(usize, f64)> = table
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != of)
        .filter_map(|(i, row)| relative_distance(target, row).map(|d| (i, d)))
        .collect();
    let nearer = |a: &(usize, f64), b: &(usize, f64)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
    // Sorting only the n nearest: a contact page asks for a few of 100,000.
    if near.len() > n {
        near.select_nth_unstable_by(n, nearer);
        near.truncate(n);
    }
    near.sort_by(nearer);
    near
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_the_source_example_correctly() {
        // Customer A: age 30, income 5000, 1 purchase; B: 35, 6000, 2.
        let d = relative_distance(&[30.0, 5000.0, 1.0], &[35.0, 6000.0, 2.0]).expect("defined");
        assert!((d - 1_000_026.0 / 25_000_901.0).abs() < 1e-15);
        assert!((d - 0.0400).abs() < 5e-5);
        let back = relative_distance(&[35.0, 6000.0, 2.0], &[30.0, 5000.0, 1.0]).expect("defined");
        assert!(
            back < d,
            "not symmetric: measured against the first customer"
        );
        assert_eq!(relative_distance(&[0.0, 0.0], &[1.0, 1.0]), None);
    }

    #[test]
    fn finds_the_nearest_customers_first() {
        let t = Table::new(&[
            vec![10.0, 1.0],
            vec![30.0, 9.0],
            vec![11.0, 1.0],
            vec![0.0, 0.0],
            vec![13.0, 2.0],
        ])
        .expect("a table")
        .scaled_by_spread();
        let near = most_alike(&t, 0, 3);
        let order: Vec<usize> = near.iter().map(|p| p.0).collect();
        assert_eq!(order, vec![2, 4, 3]);
        assert!(near.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
