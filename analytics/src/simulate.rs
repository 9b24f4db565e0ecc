//! Customers drawn from the models themselves: histories whose true parameters are known, to
//! check that fitting finds them again and to measure fitting on data of any size.

use crate::history::Summary;
use crate::random::SplitMix;

/// The true parameters of a simulated population: BG/NBD's (r, α, a, b) and Gamma-Gamma's
/// (p, q, γ); ages are uniform between `youngest` and `oldest` periods.
#[derive(Clone, Copy, Debug)]
pub struct Population {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    pub p: f64,
    pub q: f64,
    pub v: f64,
    pub youngest: f64,
    pub oldest: f64,
}

impl Population {
    /// Close to the CDNOW sample's fitted values, in weeks.
    pub const CDNOW: Population = Population {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
        p: 6.25,
        q: 3.74,
        v: 15.44,
        youngest: 27.0,
        oldest: 39.0,
    };

    /// `n` customers' histories, the same for the same seed.
    pub fn histories(&self, n: usize, seed: u64) -> Vec<Summary> {
        let mut random = SplitMix::new(seed);
        (0..n)
            .map(|customer| {
                let rate = gamma(&mut random, self.r) / self.alpha;
                let drop = beta(&mut random, self.a, self.b);
                let mean_rate = gamma(&mut random, self.q) / self.v;
                let age = self.youngest + random.unit() * (self.oldest - self.youngest);
                let (mut t, mut x, mut spent) = (0.0, 0u32, 0.0);
                loop {
                    let next = t - (1.0 - random.unit()).ln() / rate;
                    if next > age {
                        break;
                    }
                    t = next;
                    x += 1;
                    spent += gamma(&mut random, self.p) / mean_rate;
                    if random.unit() < drop {
                        break;
                    }
                }
                Summary {
                    customer,
                    frequency: x,
                    recency: t,
                    age,
                    monetary: if x > 0 { spent / x as f64 } else { 0.0 },
                    total: spent.round() as i64,
                    days_since_last: ((age - t) * 7.0) as i64,
                    first_day: 0,
                }
            })
            .collect()
    }
}

/// A standard normal draw (Box–Muller).
fn normal(random: &mut SplitMix) -> f64 {
    let u = 1.0 - random.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * random.unit()).cos()
}

/// A Gamma(shape, 1) draw (Marsaglia & Tsang, with the usual boost for shapes below 1).
fn gamma(random: &mut SplitMix, shape: f64) -> f64 {
    if shape < 1.0 {
        let u = 1.0 - random.unit();
        return gamma(random, shape + 1.0) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let z = normal(random);
        let v = (1.0 + c * z).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = 1.0 - random.unit();
        if u.ln() < 0.5 * z * z + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

fn beta(random: &mut SplitMix, a: f64, b: f64) -> f64 {
    let x = gamma(random, a);
    x / (x + gamma(random, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bgnbd::BgNbd;
    use crate::gamma_gamma::GammaGamma;

    #[test]
    fn fitting_finds_the_parameters_it_was_drawn_with() {
        let truth = Population::CDNOW;
        let histories = truth.histories(30_000, 11);
        let bg = BgNbd::fit(&histories).expect("fits");
        let gg = GammaGamma::fit(&histories).expect("fits");
        let near = |got: f64, want: f64, within: f64| {
            assert!((got / want - 1.0).abs() < within, "{got} vs {want}");
        };
        near(bg.r, truth.r, 0.1);
        near(bg.alpha, truth.alpha, 0.15);
        near(bg.a, truth.a, 0.25);
        near(bg.b, truth.b, 0.35);
        near(gg.p, truth.p, 0.15);
        near(gg.q, truth.q, 0.15);
        near(gg.v, truth.v, 0.2);
    }
}
