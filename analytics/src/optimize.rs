//! Nelder–Mead minimisation. The likelihoods here have three or four parameters and are cheap
//! to evaluate once customers are grouped, so a derivative-free method is robust (a value that
//! is not finite is simply worse than any other) and fast enough.

/// How far (e^±12) a positive parameter may go. A likelihood climbs past it only when the
/// data sits at a limit of its model (customers alike in a way the model spreads out: one
/// pace of buying, one way of dropping out, one price); the model at the bound then predicts
/// what that limit would, and the search stops there instead of wandering off.
const LOG_BOUND: f64 = 12.0;

/// The point found and the value there.
pub struct Minimum {
    pub at: Vec<f64>,
    pub value: f64,
}

/// The positive parameters found, the value there, and whether the search ended on the bound.
pub struct Positive {
    pub at: Vec<f64>,
    pub value: f64,
    pub at_bound: bool,
}

/// Minimises `f` over `n` positive parameters, each searched by its logarithm from 1 and
/// kept within e^±12.
pub fn minimize_positive(f: impl Fn(&[f64]) -> f64, n: usize) -> Positive {
    let m = minimize(
        |t: &[f64]| {
            if t.iter().any(|t| t.abs() > LOG_BOUND) {
                return f64::INFINITY;
            }
            f(&t.iter().map(|t| t.exp()).collect::<Vec<_>>())
        },
        &vec![0.0; n],
    );
    Positive {
        at_bound: m.at.iter().any(|t| t.abs() > LOG_BOUND - 0.1),
        at: m.at.iter().map(|t| t.exp()).collect(),
        value: m.value,
    }
}

/// Minimises `f` from `start`, restarting from the best point until a restart no longer
/// improves it: a single simplex can collapse before it reaches a narrow valley's floor.
fn minimize(f: impl Fn(&[f64]) -> f64, start: &[f64]) -> Minimum {
    let mut best = simplex(&f, start, 0.5);
    for _ in 0..8 {
        let again = simplex(&f, &best.at, 0.05);
        let gained = best.value - again.value;
        best = if again.value < best.value {
            again
        } else {
            best
        };
        if gained.is_nan() || gained <= 1e-10 * (1.0 + best.value.abs()) {
            break;
        }
    }
    best
}

/// Iterations per parameter over which a simplex must improve to go on.
const STALL: usize = 50;

fn worse(f: f64) -> f64 {
    if f.is_nan() { f64::INFINITY } else { f }
}

fn simplex(f: &impl Fn(&[f64]) -> f64, start: &[f64], step: f64) -> Minimum {
    let n = start.len();
    let eval = |x: &[f64]| worse(f(x));
    let mut points: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut x = start.to_vec();
            if i > 0 {
                x[i - 1] += step;
            }
            let v = eval(&x);
            (x, v)
        })
        .collect();
    // The best value a while ago: a simplex that no longer improves on it is creeping along a
    // ridge (such as a parameter's bound) towards gains below the tolerance, and stops.
    let mut before = f64::INFINITY;
    for iteration in 0..2_000 * n {
        points.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (lo, hi) = (points[0].1, points[n].1);
        if iteration % (STALL * n) == 0 {
            if before - lo <= 1e-10 * (1.0 + lo.abs()) {
                break;
            }
            before = lo;
        }
        let spread = points
            .iter()
            .flat_map(|(x, _)| x.iter().zip(&points[0].0).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        if (hi - lo).abs() <= 1e-11 * (1.0 + lo.abs()) && spread <= 1e-7 {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| points[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64)
            .collect();
        let toward = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&points[n].0)
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let reflected = toward(-1.0);
        let fr = eval(&reflected);
        if fr < points[0].1 {
            let expanded = toward(-2.0);
            let fe = eval(&expanded);
            points[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < points[n - 1].1 {
            points[n] = (reflected, fr);
        } else {
            let contracted = if fr < points[n].1 {
                toward(-0.5)
            } else {
                toward(0.5)
            };
            let fc = eval(&contracted);
            if fc < fr.min(points[n].1) {
                points[n] = (contracted, fc);
            } else {
                let best = points[0].0.clone();
                for (x, v) in points.iter_mut().skip(1) {
                    for (xi, bi) in x.iter_mut().zip(&best) {
                        *xi = bi + 0.5 * (*xi - bi);
                    }
                    *v = eval(x);
                }
            }
        }
    }
    points.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (at, value) = points.swap_remove(0);
    Minimum { at, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_floor_of_rosenbrocks_valley() {
        let rosenbrock = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = minimize(rosenbrock, &[-1.2, 1.0]);
        assert!((m.at[0] - 1.0).abs() < 1e-6, "{:?}", m.at);
        assert!((m.at[1] - 1.0).abs() < 1e-6, "{:?}", m.at);
    }

    #[test]
    fn treats_nan_as_worse_than_anything() {
        let m = minimize(
            |x: &[f64]| {
                if x[0] < 0.0 {
                    f64::NAN
                } else {
                    (x[0] - 2.0).powi(2)
                }
            },
            &[0.1],
        );
        assert!((m.at[0] - 2.0).abs() < 1e-6);
    }
}
