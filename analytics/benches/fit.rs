//! How long the models take to fit, natively, at 10,000 and 100,000 customers drawn from a
//! CDNOW-like population. Prints figures; asserts none. With `BANYAN_BENCH_CSV=<dir>` it also
//! writes the histories there, for the same fit in another tool.

use std::time::Instant;

use analytics::bgnbd::BgNbd;
use analytics::features::Table;
use analytics::gamma_gamma::GammaGamma;
use analytics::kmeans::{kmeans, suggest_k};
use analytics::simulate::Population;

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    println!("  {what}: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    out
}

/// A shop whose customers all buy at one pace (the BG/NBD fit runs to its limit), as a seeded
/// demo or a subscription business looks.
const ONE_PACE: Population = Population {
    r: 1e6,
    alpha: 1e6 / 0.27,
    a: 2e5,
    b: 6e5,
    ..Population::CDNOW
};

fn main() {
    let histories = ONE_PACE.histories(10_000, 1);
    println!("10000 customers at one pace");
    let bg = timed("BG/NBD fit", || BgNbd::fit(&histories)).expect("fits");
    println!(
        "    r {:.0}  α {:.0}  a {:.3}  b {:.3}  at its limit: {}",
        bg.r, bg.alpha, bg.a, bg.b, bg.at_limit
    );
    for n in [10_000, 100_000] {
        println!("{n} customers");
        let histories = Population::CDNOW.histories(n, 1);
        if let Some(dir) = std::env::var_os("BANYAN_BENCH_CSV") {
            let mut csv = String::from("frequency,recency,T,monetary_value\n");
            for s in &histories {
                csv += &format!("{},{},{},{}\n", s.frequency, s.recency, s.age, s.monetary);
            }
            let path = std::path::Path::new(&dir).join(format!("histories-{n}.csv"));
            std::fs::write(&path, csv).expect("the CSV is written");
        }
        let bg = timed("BG/NBD fit", || BgNbd::fit(&histories)).expect("fits");
        println!(
            "    r {:.3}  α {:.3}  a {:.3}  b {:.3}  LL {:.1}",
            bg.r, bg.alpha, bg.a, bg.b, bg.log_likelihood
        );
        let gg = timed("Gamma-Gamma fit", || GammaGamma::fit(&histories)).expect("fits");
        println!(
            "    p {:.3}  q {:.3}  γ {:.3}  on {} customers",
            gg.p, gg.q, gg.v, gg.customers
        );
        let rows: Vec<Vec<f64>> = histories
            .iter()
            .map(|s| {
                vec![
                    s.days_since_last as f64,
                    s.frequency as f64,
                    s.monetary,
                    s.age,
                ]
            })
            .collect();
        let table = Table::new(&rows).expect("a table").standardized();
        let clusters = timed("k-means, k = 5", || kmeans(&table, 5, 42)).expect("clusters");
        println!(
            "    {} iterations, sizes {:?}",
            clusters.inertia_by_iteration.len(),
            clusters.sizes
        );
        let (k, _) = timed("suggested k over 2..=8", || suggest_k(&table, 8, 42)).expect("a k");
        println!("    suggested k = {k}");
    }
}
