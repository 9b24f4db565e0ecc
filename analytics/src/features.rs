//! Customers described by numbers (recency, frequency, value, tickets…), one row each, and
//! the two ways the models put them on a common footing.

use serde::{Deserialize, Serialize};

use crate::Unfit;

/// Rows of equal length, stored in one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    columns: usize,
    values: Vec<f64>,
}

impl Table {
    /// A table of `rows`; refuses none, ragged rows and values that are not finite.
    pub fn new(rows: &[Vec<f64>]) -> Result<Table, Unfit> {
        let columns = rows.first().map_or(0, Vec::len);
        if columns == 0
            || rows.iter().any(|r| r.len() != columns)
            || rows.iter().flatten().any(|v| !v.is_finite())
        {
            return Err(Unfit::NoFeatures);
        }
        Ok(Table {
            columns,
            values: rows.concat(),
        })
    }

    pub fn rows(&self) -> usize {
        self.values.len() / self.columns
    }

    pub fn columns(&self) -> usize {
        self.columns
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.columns..(i + 1) * self.columns]
    }

    pub fn iter(&self) -> impl Iterator<Item = &[f64]> {
        self.values.chunks_exact(self.columns)
    }

    fn map_columns(&self, f: impl Fn(f64, f64, f64) -> f64) -> Table {
        let n = self.rows() as f64;
        let stats: Vec<(f64, f64)> = (0..self.columns)
            .map(|c| {
                let mean = self.iter().map(|r| r[c]).sum::<f64>() / n;
                let var = self.iter().map(|r| (r[c] - mean).powi(2)).sum::<f64>() / n;
                (mean, var.sqrt())
            })
            .collect();
        let values = self
            .iter()
            .flat_map(|r| r.iter().zip(&stats).map(|(&v, &(m, sd))| f(v, m, sd)))
            .collect();
        Table {
            columns: self.columns,
            values,
        }
    }

    /// Each column centred on its mean and divided by its standard deviation, so that no
    /// feature outweighs another for being counted in bigger units; a column that does not
    /// vary becomes zeros.
    pub fn standardized(&self) -> Table {
        self.map_columns(|v, mean, sd| if sd > 0.0 { (v - mean) / sd } else { 0.0 })
    }

    /// Each column divided by its standard deviation but not centred: unit-free, with zero
    /// still meaning none, as a ratio to a customer's own magnitude needs.
    pub fn scaled_by_spread(&self) -> Table {
        self.map_columns(|v, _, sd| if sd > 0.0 { v / sd } else { 0.0 })
    }
}

/// Squared Euclidean distance.
pub fn distance2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardizes_and_scales_each_column() {
        let t = Table::new(&[vec![1.0, 5.0, 2.0], vec![3.0, 5.0, 6.0]]).expect("a table");
        assert_eq!((t.rows(), t.columns()), (2, 3));
        let z = t.standardized();
        assert_eq!(z.row(0), &[-1.0, 0.0, -1.0]);
        assert_eq!(z.row(1), &[1.0, 0.0, 1.0]);
        let s = t.scaled_by_spread();
        assert_eq!(s.row(1), &[3.0, 0.0, 3.0]);
    }

    #[test]
    fn refuses_what_is_not_a_table() {
        assert_eq!(Table::new(&[]), Err(Unfit::NoFeatures));
        assert_eq!(Table::new(&[vec![1.0], vec![]]), Err(Unfit::NoFeatures));
        assert_eq!(Table::new(&[vec![f64::NAN]]), Err(Unfit::NoFeatures));
    }
}
