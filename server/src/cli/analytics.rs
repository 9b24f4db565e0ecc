//! `banyan analytics clv|segments`: the value and segment reports of the app, in a shell, as
//! a table or as JSON.

use std::fmt::Write;

use analytics::history::Period;
use app::dashboards::service;
use app::dashboards::types::{Feature, SegmentQuery, SegmentReport, ValueQuery, ValueReport};
use app::i18n::{Messages, fill};
use chrono::{NaiveDate, Utc};
use clean::money::exponent;
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::cli::{actor, cli_locale, explain};

#[derive(clap::Subcommand)]
pub enum Analytics {
    /// Lifetime value per customer: historical (discounted) and predicted (BG/NBD and
    /// Gamma-Gamma fitted to the orders), with the models' parameters.
    Clv {
        #[command(flatten)]
        on: On,
        /// The unit of time: week, month, quarter or year.
        #[arg(long, default_value = "month")]
        period: String,
        /// Periods to predict ahead.
        #[arg(long, default_value_t = 12)]
        horizon: u32,
        /// Discount rate per period, as a fraction (0.01 is 1 %).
        #[arg(long, default_value_t = 0.01)]
        discount: f64,
    },
    /// RFM scores and segments, and clusters of customers over chosen features.
    Segments {
        #[command(flatten)]
        on: On,
        /// Comma-separated: recency, frequency, monetary, value, tenure, tickets.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "recency,frequency,monetary"
        )]
        features: Vec<String>,
        /// How many clusters; suggested by silhouette when left out.
        #[arg(long)]
        clusters: Option<usize>,
        /// The same seed gives the same clusters.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// What both reports share.
#[derive(clap::Args)]
pub struct On {
    /// Orders up to the end of this day (YYYY-MM-DD) count; today by default.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// The user whose view of the customers is used; the first owner by default.
    #[arg(long = "as")]
    as_user: Option<String>,
}

fn period(name: &str) -> Option<Period> {
    match name.trim() {
        "week" => Some(Period::Week),
        "month" => Some(Period::Month),
        "quarter" => Some(Period::Quarter),
        "year" => Some(Period::Year),
        _ => None,
    }
}

/// Minor units as the currency writes them, without grouping: 1234.50.
fn money(minor: f64, currency: &str) -> String {
    let e = exponent(currency);
    format!("{:.*}", e as usize, minor / 10f64.powi(e as i32))
}

impl Analytics {
    /// The report, ready to print.
    pub async fn run(self, conn: &DatabaseConnection) -> Result<String, crate::Error> {
        let messages = cli_locale().messages();
        let fail =
            |err: app::error::AppError| explain(messages, &err, |field| format!("--{field}"));
        match self {
            Analytics::Clv {
                on,
                period: name,
                horizon,
                discount,
            } => {
                let actor = actor(conn, on.as_user.as_deref()).await?;
                let query = ValueQuery {
                    as_of: on.as_of.unwrap_or_else(|| Utc::now().date_naive()),
                    period: period(&name).ok_or("the period is week, month, quarter or year")?,
                    horizon,
                    discount,
                };
                let report = service::value(conn, &actor, query).await.map_err(fail)?;
                Ok(if on.json {
                    value_json(&report).to_string() + "\n"
                } else {
                    value_table(&report, messages)
                })
            }
            Analytics::Segments {
                on,
                features,
                clusters,
                seed,
            } => {
                let actor = actor(conn, on.as_user.as_deref()).await?;
                let features = features
                    .iter()
                    .map(|f| Feature::parse(f).ok_or(format!("no feature is called {f}")))
                    .collect::<Result<_, _>>()?;
                let query = SegmentQuery {
                    as_of: on.as_of.unwrap_or_else(|| Utc::now().date_naive()),
                    features,
                    clusters,
                    seed,
                };
                let report = service::segments(conn, &actor, query).await.map_err(fail)?;
                Ok(if on.json {
                    segments_json(&report, messages).to_string() + "\n"
                } else {
                    segments_table(&report, messages)
                })
            }
        }
    }
}

fn customers_up_to(m: &Messages, count: usize, as_of: NaiveDate) -> String {
    fill(
        m.analytics_customers_up_to,
        &[("count", &count.to_string()), ("date", &as_of.to_string())],
    )
}

fn unconverted(out: &mut String, m: &Messages, currencies: &[String]) {
    if !currencies.is_empty() {
        let _ = writeln!(
            out,
            "{}: {}",
            m.analytics_unconverted,
            currencies.join(", ")
        );
    }
}

fn value_json(report: &ValueReport) -> serde_json::Value {
    let q = &report.query;
    let predictions = report.predictions(q.horizon, q.discount);
    let historical = report.historical(q.discount);
    let customers: Vec<serde_json::Value> = report
        .histories
        .iter()
        .zip(&historical)
        .enumerate()
        .map(|(i, (s, h))| {
            let c = &report.ledger.customers[s.customer];
            let mut row = json!({
                "id": c.id,
                "name": c.name,
                "frequency": s.frequency,
                "recency": s.recency,
                "age": s.age,
                "spent": s.total,
                "historical_clv": h.value.round() as i64,
            });
            if let Some(p) = predictions.get(i) {
                row["p_active"] = json!(p.p_alive);
                row["expected_purchases"] = json!(p.expected_purchases);
                row["expected_spend"] = json!(p.expected_spend.round() as i64);
                row["clv"] = json!(p.value.round() as i64);
            }
            row
        })
        .collect();
    let model = match &report.fit {
        Ok(f) => json!({
            "bgnbd": {
                "r": f.purchases.r, "alpha": f.purchases.alpha, "a": f.purchases.a,
                "b": f.purchases.b, "log_likelihood": f.purchases.log_likelihood,
                "at_limit": f.purchases.at_limit,
            },
            "gamma_gamma": {
                "p": f.spend.p, "q": f.spend.q, "v": f.spend.v,
                "log_likelihood": f.spend.log_likelihood, "customers": f.spend.customers,
                "at_limit": f.spend.at_limit,
            },
        }),
        Err(why) => json!({ "unfit": why }),
    };
    json!({
        "as_of": q.as_of,
        "period": q.period,
        "horizon": q.horizon,
        "discount": q.discount,
        "currency": report.ledger.base_currency,
        "money_in": "minor units",
        "unconverted_currencies": report.ledger.unconverted,
        "model": model,
        "customers": customers,
    })
}

fn value_table(report: &ValueReport, m: &Messages) -> String {
    let q = &report.query;
    let cur = report.ledger.base_currency.as_str();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        customers_up_to(m, report.histories.len(), q.as_of)
    );
    let _ = writeln!(
        out,
        "{}",
        fill(
            m.clv_terms,
            &[
                ("period", m.period(q.period)),
                ("horizon", &q.horizon.to_string()),
                ("discount", &q.discount.to_string()),
            ],
        )
    );
    unconverted(&mut out, m, &report.ledger.unconverted);
    match &report.fit {
        Ok(f) => {
            let (b, g) = (&f.purchases, &f.spend);
            let _ = writeln!(
                out,
                "BG/NBD       r {:.4}  alpha {:.4}  a {:.4}  b {:.4}  log-likelihood {:.2}",
                b.r, b.alpha, b.a, b.b, b.log_likelihood
            );
            if b.at_limit {
                let _ = writeln!(out, "{}", m.purchases_at_limit);
            }
            let _ = writeln!(
                out,
                "Gamma-Gamma  p {:.4}  q {:.4}  v {:.4}  log-likelihood {:.2}  ({} repeat buyers)",
                g.p, g.q, g.v, g.log_likelihood, g.customers
            );
            if g.at_limit {
                let _ = writeln!(out, "{}", m.spend_at_limit);
            }
        }
        Err(why) => {
            let _ = writeln!(out, "{}: {}", m.clv_no_prediction, m.unfit(why));
        }
    }
    let predictions = report.predictions(q.horizon, q.discount);
    let historical = report.historical(q.discount);
    let _ = writeln!(
        out,
        "{:<24} {:>5} {:>8} {:>8} {:>8} {:>9} {:>12} {:>14} {:>14}",
        m.clv_customer,
        m.clv_frequency,
        m.clv_recency,
        m.clv_age,
        m.clv_p_active,
        m.clv_expected_purchases,
        m.clv_expected_spend,
        m.clv_predicted,
        m.clv_historical
    );
    let mut order: Vec<usize> = (0..report.histories.len()).collect();
    let key = |i: usize| predictions.get(i).map_or(historical[i].value, |p| p.value);
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
    for i in order {
        let (s, h) = (&report.histories[i], &historical[i]);
        let name: String = report.ledger.customers[s.customer]
            .name
            .chars()
            .take(24)
            .collect();
        let (alive, purchases, spend, clv) = match predictions.get(i) {
            Some(p) => (
                format!("{:.3}", p.p_alive),
                format!("{:.3}", p.expected_purchases),
                money(p.expected_spend, cur),
                money(p.value, cur),
            ),
            None => Default::default(),
        };
        let _ = writeln!(
            out,
            "{name:<24} {:>5} {:>8.2} {:>8.2} {alive:>8} {purchases:>9} {spend:>12} {clv:>14} {:>14}",
            s.frequency,
            s.recency,
            s.age,
            money(h.value, cur)
        );
    }
    out
}

fn segments_json(report: &SegmentReport, m: &Messages) -> serde_json::Value {
    let (ledger, segments) = (&report.ledger, &report.segments);
    let labels = segments.clusters.as_ref().ok().map(|c| &c.labels);
    let customers: Vec<serde_json::Value> = segments
        .scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "id": ledger.customers[s.customer].id,
                "name": ledger.customers[s.customer].name,
                "r": s.recency, "f": s.frequency, "m": s.monetary,
                "segment": m.segment(s.segment),
                "cluster": labels.map(|l| l[i]),
                "features": segments.features[i],
            })
        })
        .collect();
    json!({
        "as_of": report.query.as_of,
        "features": report.query.features.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        "currency": ledger.base_currency,
        "segments": segments.sizes(ledger).iter().map(|s| json!({
            "segment": m.segment(s.segment), "customers": s.customers, "revenue": s.revenue,
        })).collect::<Vec<_>>(),
        "clusters": match &segments.clusters {
            Ok(_) => json!(segments.profiles().iter().map(|p| json!({
                "customers": p.customers, "means": p.means,
            })).collect::<Vec<_>>()),
            Err(why) => json!({ "unfit": m.unfit(why) }),
        },
        "candidates": segments.candidates,
        "customers": customers,
    })
}

fn segments_table(report: &SegmentReport, m: &Messages) -> String {
    let (ledger, segments) = (&report.ledger, &report.segments);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        customers_up_to(m, segments.scores.len(), report.query.as_of)
    );
    unconverted(&mut out, m, &ledger.unconverted);
    let _ = writeln!(out, "{:<22} {:>9}", m.rfm_segment, m.segment_customers);
    for size in segments.sizes(ledger) {
        let _ = writeln!(out, "{:<22} {:>9}", m.segment(size.segment), size.customers);
    }
    for c in &segments.candidates {
        let _ = writeln!(
            out,
            "k = {:<2} inertia {:>12.2}  silhouette {:.3}",
            c.k, c.inertia, c.silhouette
        );
    }
    match &segments.clusters {
        Ok(_) => {
            let names: Vec<&str> = report.query.features.iter().map(|f| f.as_str()).collect();
            let _ = writeln!(
                out,
                "{:<8} {:>9} {}",
                m.cluster,
                m.segment_customers,
                names.iter().map(|n| format!("{n:>12}")).collect::<String>()
            );
            for (c, p) in segments.profiles().iter().enumerate() {
                let means: String = p.means.iter().map(|v| format!("{v:>12.1}")).collect();
                let _ = writeln!(out, "{c:<8} {:>9} {means}", p.customers);
            }
        }
        Err(why) => {
            let _ = writeln!(out, "{}: {}", m.cluster_none, m.unfit(why));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fmt::Write;

    use clap::Parser;
    use sea_orm::DatabaseConnection;
    use serde_json::Value;

    use super::Analytics;
    use crate::cli::import::ImportArgs;

    #[derive(Parser)]
    struct Import {
        #[command(flatten)]
        args: ImportArgs,
    }

    #[derive(Parser)]
    struct Line {
        #[command(subcommand)]
        what: Analytics,
    }

    async fn import(conn: &DatabaseConnection, kind: &str, csv: &str) {
        let path = std::env::temp_dir().join(format!("banyan-{kind}-{}.csv", uuid::Uuid::now_v7()));
        std::fs::write(&path, csv).unwrap();
        let line = ["import", kind, path.to_str().unwrap()];
        crate::cli::import::run(conn, Import::parse_from(line).args)
            .await
            .unwrap();
        std::fs::remove_file(path).unwrap();
    }

    async fn run(conn: &DatabaseConnection, line: &[&str]) -> String {
        let line = std::iter::once("analytics").chain(line.iter().copied());
        Line::parse_from(line).what.run(conn).await.unwrap()
    }

    /// Sixty customers who each buy at their own pace and stop at some point, as the models
    /// assume (customer 0 every five days all year, customer 1 only in January), one who
    /// never buys, a refunded order and orders after the date, imported from files.
    async fn imports_orders_and_reports_value_and_segments(conn: &DatabaseConnection) {
        crate::testing::desk::owner(conn).await;
        let mut people = String::from("姓名,邮箱\n");
        let mut orders = String::from("订单号,日期,金额,客户编号,邮箱,手机,状态\n");
        let mut days_bought = vec![BTreeSet::new(); 60];
        let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let mut seed = 0x2545_f491_u64;
        let mut uniform = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for (i, bought) in days_bought.iter_mut().enumerate() {
            let _ = writeln!(people, "客户{i},c{i}@example.cn");
            let (every, stop) = match i {
                0 => (5.0, 0.0),
                1 => (6.0, 0.2),
                _ => (5.0 + 60.0 * uniform(), 0.1 + 0.4 * uniform()),
            };
            let spend = 30.0 + 300.0 * uniform();
            let mut day = (90.0 * uniform()) as i64;
            while day < 400 {
                let date = start + chrono::TimeDelta::days(day);
                let amount = (spend * (0.5 + uniform())) as i64;
                let _ = writeln!(orders, "N{i}-{day},{date},{amount},,c{i}@example.cn,,");
                if day < 365 {
                    bought.insert(day);
                }
                let gone = if i == 1 { day > 25 } else { uniform() < stop };
                if gone {
                    break;
                }
                day += if i == 0 {
                    5
                } else {
                    1 + (-(1.0 - uniform()).ln() * every) as i64
                };
            }
        }
        let _ = writeln!(people, "没下单,none@example.cn");
        let _ = writeln!(orders, "R1,2025-06-01,99999,,c0@example.cn,,已退款");
        import(conn, "contacts", &people).await;
        import(conn, "orders", &orders).await;

        let out = run(
            conn,
            &[
                "clv",
                "--as-of",
                "2025-12-31",
                "--period",
                "week",
                "--horizon",
                "52",
                "--discount",
                "0.002",
                "--json",
            ],
        )
        .await;
        let report: Value = serde_json::from_str(&out).unwrap();
        let customers = report["customers"].as_array().unwrap();
        let buyers = days_bought.iter().filter(|d| !d.is_empty()).count();
        assert_eq!(customers.len(), buyers, "those who bought, and only them");
        for key in ["r", "alpha", "a", "b", "log_likelihood"] {
            assert!(
                report["model"]["bgnbd"][key]
                    .as_f64()
                    .is_some_and(f64::is_finite),
                "{key}: {}",
                report["model"]
            );
        }
        assert!(report["model"]["gamma_gamma"]["q"].as_f64().unwrap() > 1.0);
        for c in customers {
            let i: usize = c["name"]
                .as_str()
                .unwrap()
                .trim_start_matches("客户")
                .parse()
                .unwrap();
            assert_eq!(
                c["frequency"].as_u64().unwrap() as usize,
                days_bought[i].len() - 1,
                "repeat purchases of {i}"
            );
            let spent = c["spent"].as_i64().unwrap();
            assert!(spent < 9_999_900, "the refund is not revenue");
            assert!(c["historical_clv"].as_i64().unwrap() <= spent);
            let p = c["p_active"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p));
            assert!(c["clv"].as_i64().unwrap() >= 0);
        }
        let by_name = |name: &str| customers.iter().find(|c| c["name"] == name).unwrap();
        assert!(by_name("客户0")["p_active"].as_f64() > by_name("客户1")["p_active"].as_f64());
        assert!(by_name("客户0")["clv"].as_i64() > by_name("客户1")["clv"].as_i64());

        let table = run(conn, &["clv", "--as-of", "2025-12-31", "--period", "week"]).await;
        assert!(
            table.contains("BG/NBD") && table.contains("客户0"),
            "{table}"
        );

        let out = run(
            conn,
            &[
                "segments",
                "--as-of",
                "2025-12-31",
                "--features",
                "recency,frequency,monetary",
                "--clusters",
                "3",
                "--json",
            ],
        )
        .await;
        let report: Value = serde_json::from_str(&out).unwrap();
        let customers = report["customers"].as_array().unwrap();
        assert_eq!(customers.len(), buyers);
        let sizes: u64 = report["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["customers"].as_u64().unwrap())
            .sum();
        assert_eq!(sizes, buyers as u64);
        assert!(customers.iter().all(|c| c["cluster"].as_u64().unwrap() < 3));
        let segment =
            |name: &str| customers.iter().find(|c| c["name"] == name).unwrap()["segment"].clone();
        assert_eq!(segment("客户0"), "Champions");
        // Customer 1 bought often but stopped in January: a customer slipping away.
        let lapsed = segment("客户1");
        assert!(
            ["Can't lose", "At risk", "Lost"].contains(&lapsed.as_str().unwrap()),
            "{lapsed}"
        );
        let counted: u64 = report["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["customers"].as_u64().unwrap())
            .sum();
        assert_eq!(counted, buyers as u64);

        let suggested = run(conn, &["segments", "--as-of", "2025-12-31", "--json"]).await;
        let report: Value = serde_json::from_str(&suggested).unwrap();
        assert!(
            report["candidates"].as_array().unwrap().len() >= 2,
            "k chosen by silhouette"
        );
    }
    app::db_test!(imports_orders_and_reports_value_and_segments);

    async fn refuses_what_it_cannot_compute(conn: &DatabaseConnection) {
        crate::testing::desk::owner(conn).await;
        let line = ["analytics", "clv", "--horizon", "0"];
        let err = Line::parse_from(line).what.run(conn).await.unwrap_err();
        assert!(err.to_string().contains("1 to 520"), "{err}");
        let empty = run(conn, &["clv", "--as-of", "2025-12-31"]).await;
        assert!(empty.contains("the model needs at least 10"), "{empty}");
        let line = ["analytics", "segments", "--features", "recency,loyalty"];
        let err = Line::parse_from(line).what.run(conn).await.unwrap_err();
        assert!(err.to_string().contains("loyalty"), "{err}");
    }
    app::db_test!(refuses_what_it_cannot_compute);
}
