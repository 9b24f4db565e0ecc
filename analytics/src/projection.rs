//! A picture of many features on a page: customers projected onto the plane of the two
//! principal components (the directions along which standardized features vary most).

use serde::{Deserialize, Serialize};

use crate::features::Table;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plane {
    /// The two directions, each a weight per feature.
    pub axes: [Vec<f64>; 2],
    /// The share of all variance each direction shows.
    pub explained: [f64; 2],
    pub points: Vec<[f64; 2]>,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The leading eigenvector of a symmetric matrix, by power iteration, and its eigenvalue.
fn leading(m: &[Vec<f64>]) -> (Vec<f64>, f64) {
    let n = m.len();
    // A start that is no eigenvector of the usual matrices, the same every time.
    let mut v: Vec<f64> = (0..n).map(|i| 1.0 + i as f64 / n as f64).collect();
    let mut value = 0.0;
    for _ in 0..500 {
        let w: Vec<f64> = m.iter().map(|row| dot(row, &v)).collect();
        let norm = dot(&w, &w).sqrt();
        if norm == 0.0 {
            return (vec![0.0; n], 0.0);
        }
        let next: Vec<f64> = w.iter().map(|x| x / norm).collect();
        let moved = next
            .iter()
            .zip(&v)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        v = next;
        value = norm;
        if moved < 1e-12 {
            break;
        }
    }
    (v, value)
}

/// Projects standardized (centred) features onto their two principal components.
pub fn principal_plane(table: &Table) -> Plane {
    let (n, m) = (table.rows() as f64, table.columns());
    let mut cov = vec![vec![0.0; m]; m];
    for row in table.iter() {
        for i in 0..m {
            for j in 0..m {
                cov[i][j] += row[i] * row[j] / n;
            }
        }
    }
    let total: f64 = (0..m).map(|i| cov[i][i]).sum();
    let (first, l1) = leading(&cov);
    for i in 0..m {
        for j in 0..m {
            cov[i][j] -= l1 * first[i] * first[j];
        }
    }
    let (second, l2) = if m > 1 {
        leading(&cov)
    } else {
        (vec![0.0; m], 0.0)
    };
    let share = |l: f64| if total > 0.0 { l / total } else { 0.0 };
    Plane {
        points: table
            .iter()
            .map(|r| [dot(r, &first), dot(r, &second)])
            .collect(),
        explained: [share(l1), share(l2)],
        axes: [first, second],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_direction_of_most_variance() {
        // Points along y = 2x with a little spread across, in three features (the third does
        // not vary).
        let rows: Vec<Vec<f64>> = (0..50)
            .map(|i| {
                let t = i as f64 - 25.0;
                let wobble = if i % 2 == 0 { 0.5 } else { -0.5 };
                vec![t + wobble, 2.0 * t - wobble / 2.0, 0.0]
            })
            .collect();
        let t = Table::new(&rows).expect("a table");
        let plane = principal_plane(&t);
        let [a, b] = &plane.axes;
        let ratio = a[1] / a[0];
        assert!((ratio - 2.0).abs() < 0.02, "first axis along y = 2x: {a:?}");
        assert!(dot(a, b).abs() < 1e-9, "axes orthogonal");
        assert!(plane.explained[0] > 0.99 && plane.explained[0] + plane.explained[1] <= 1.0 + 1e-9);
        assert_eq!(plane.points.len(), 50);
    }
}
