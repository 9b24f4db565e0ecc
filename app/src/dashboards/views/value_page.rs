use analytics::history::Period;
use analytics::predictive::{Fitted, Prediction};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::tabs::AnalyticsTabs;
use super::timing::timed;
use crate::dashboards::api::{defaults, get_value_report};
use crate::dashboards::types::{ValueQuery, ValueReport};
use crate::i18n::format::amounts;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::bar::bar;
use crate::ui::chart::{Chart, Plot, Points};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::table_scroll::TableScroll;

/// Customers in the table of the most valuable.
const TOP: usize = 20;

/// Bars of the value distribution.
const BINS: usize = 8;

/// What each customer is worth: what they have brought and what the models expect of them,
/// with the horizon and discount rate on sliders that recompute in the browser as they move.
#[component]
pub fn ValuePage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let period = move || match params.with(|p| p.get("period")).as_deref() {
        Some("week") => Period::Week,
        _ => Period::Month,
    };
    // The server fits by month (and keeps the fit); another period is fitted here, from the
    // same orders, without a round trip.
    let report = Resource::new(|| (), |_| get_value_report(Period::Month));
    view! {
        <Page title=t.value_title>
            <AnalyticsTabs />
            <div class="toolbar">
                <a class="button secondary" href="/analytics">{t.value_by_month}</a>
                <a class="button secondary" href="/analytics?period=week">{t.value_by_week}</a>
            </div>
            <Loading>
                {move || Suspend::new(async move {
                    report.await.map(|r| {
                        let (r, took) = in_period(r, period());
                        view! { <ValueView r took /> }
                    })
                })}
            </Loading>
        </Page>
    }
}

/// The report for `period`: the server's when it is its period, else fitted here to the same
/// orders, with the time that took.
fn in_period(r: ValueReport, period: Period) -> (ValueReport, Option<f64>) {
    if r.query.period == period {
        return (r, None);
    }
    let (horizon, discount, _) = defaults(period);
    let query = ValueQuery {
        period,
        horizon,
        discount,
        ..r.query
    };
    let (fit, took) = timed(|| Fitted::fit(&r.ledger.histories(period)));
    (ValueReport::new(query, r.ledger, fit), took)
}

/// Bins of values: equal widths from zero to the 95th percentile, and the rest above it in a
/// last bin, so that one outstanding customer does not squeeze everyone else into the first
/// bar. Each bin: its bound (the upper one; the lower one for the last) and its count.
fn bins(values: &[f64]) -> Vec<(f64, usize)> {
    // The 95th percentile by selection: a sort of every customer per slider move costs more.
    let mut copy = values.to_vec();
    let at = (copy.len().saturating_sub(1) as f64 * 0.95).round() as usize;
    let high = if copy.is_empty() {
        0.0
    } else {
        *copy.select_nth_unstable_by(at, f64::total_cmp).1
    };
    let width = if high > 0.0 {
        high / (BINS - 1) as f64
    } else {
        1.0
    };
    let mut counts = vec![0; BINS];
    for v in values {
        counts[((v.max(0.0) / width).ceil().max(1.0) as usize - 1).min(BINS - 1)] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| (width * (i + 1).min(BINS - 1) as f64, n))
        .collect()
}

/// How a bin of [`bins`] reads.
fn bin_label(i: usize, bound: f64, amount: impl Fn(f64) -> String) -> String {
    if i + 1 == BINS {
        format!("> {}", amount(bound))
    } else {
        format!("≤ {}", amount(bound))
    }
}

#[component]
fn ValueView(r: ValueReport, took: Option<f64>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let (start_horizon, start_rate, longest) = defaults(r.query.period);
    let horizon = RwSignal::new(start_horizon);
    // The discount slider moves in tenths of a percent.
    let permille = RwSignal::new((start_rate * 1000.0).round() as u32);
    let rate = move || f64::from(permille.get()) / 1000.0;
    let amounts = amounts(r.ledger.base_currency.clone(), locale);
    let amount = move |minor: f64| amounts(minor.round() as i64);
    let unfit = r.fit.as_ref().err().map(|why| t.unfit(why));
    let model = r.fit.ok();
    // The slow part, expected purchases period by period, once; each move of a slider is
    // then a sum per customer.
    let outlooks = StoredValue::new(r.outlooks(longest));
    let report = StoredValue::new(r);
    let predictions: Memo<Vec<Prediction>> = Memo::new(move |_| {
        let (horizon, rate) = (horizon.get(), rate());
        outlooks.with_value(|o| o.iter().map(|o| o.predict(horizon, rate)).collect())
    });
    let spending = StoredValue::new(report.with_value(ValueReport::spending));
    let historical = Memo::new(move |_| {
        spending.with_value(|s| {
            s.values(rate())
                .into_iter()
                .map(|h| h.value)
                .collect::<Vec<f64>>()
        })
    });
    let customers = report.with_value(|r| r.histories.len());
    // Told once the browser has done it, as on the segments page.
    let shown = RwSignal::new(None::<f64>);
    Effect::new(move |_| shown.set(took));
    let fitted_here = move || {
        shown.get().map(|ms| {
            let text = fill(
                t.value_fitted_here,
                &[("n", &customers.to_string()), ("ms", &format!("{ms:.0}"))],
            );
            view! { <p class="muted" data-testid="value-fitted-here">{text}</p> }
        })
    };
    let period_name = report.with_value(|r| t.period(r.query.period));

    let total = move || predictions.with(|p| p.iter().map(|p| p.value).sum::<f64>());
    let active = move || predictions.with(|p| p.iter().filter(|p| p.p_alive >= 0.5).count());
    let purchases =
        move || predictions.with(|p| p.iter().map(|p| p.expected_purchases).sum::<f64>());
    let so_far = move || historical.with(|h| h.iter().sum::<f64>());
    // Each customer's value: predicted when the models fit, else so far. Once per move of a
    // slider, for the distribution, the scatter and the table alike.
    let values: Memo<Vec<f64>> = Memo::new(move |_| match model {
        Some(_) => predictions.with(|p| p.iter().map(|p| p.value).collect()),
        None => historical.get(),
    });
    let distribution = Memo::new(move |_| values.with(|v| bins(v)));
    let amount_bins = amount.clone();
    let plot_distribution = Signal::derive(move || {
        let (categories, counts) = distribution.with(|d| {
            d.iter()
                .enumerate()
                .map(|(i, (bound, n))| (bin_label(i, *bound, &amount_bins), *n as f64))
                .unzip()
        });
        Plot::Bars {
            categories,
            values: counts,
        }
    });
    let plot_frequency = Signal::derive(move || {
        let points = report.with_value(|r| {
            values.with(|values| {
                r.histories
                    .iter()
                    .zip(values)
                    .map(|(s, v)| [f64::from(s.frequency), v / 100.0])
                    .collect()
            })
        });
        Plot::Scatter {
            groups: vec![Points {
                name: t.value_customers.to_owned(),
                points,
            }],
            x: t.clv_frequency.to_owned(),
            y: t.clv_predicted.to_owned(),
        }
    });
    let top = move || {
        values.with(|values| {
            // Most valuable first, the earlier customer first among equals; only the
            // first TOP are sorted.
            let first = |a: &usize, b: &usize| values[*b].total_cmp(&values[*a]).then(a.cmp(b));
            let mut order: Vec<usize> = (0..values.len()).collect();
            if order.len() > TOP {
                order.select_nth_unstable_by(TOP, first);
                order.truncate(TOP);
            }
            order.sort_unstable_by(first);
            order
        })
    };
    let (amount_facts, amount_table, amount_top) = (amount.clone(), amount.clone(), amount);

    view! {
        {unfit.map(|why| view! { <p class="alert" data-testid="value-unfit">{t.clv_no_prediction}": "{why}</p> })}
        {fitted_here}
        <section class="card what-if" data-testid="value-what-if">
            <label>
                <span>{move || fill(t.value_horizon, &[("n", &horizon.get().to_string()), ("period", period_name)])}</span>
                <input type="range" min="1" max=longest.to_string() step="1" data-testid="value-horizon"
                    prop:value=move || horizon.get().to_string()
                    on:input=move |ev| horizon.set(event_target_value(&ev).parse().unwrap_or(start_horizon)) />
            </label>
            <label>
                <span>{move || fill(t.value_discount, &[("rate", &format!("{:.1}%", f64::from(permille.get()) / 10.0)), ("period", period_name)])}</span>
                <input type="range" min="0" max="50" step="1" data-testid="value-discount"
                    prop:value=move || permille.get().to_string()
                    on:input=move |ev| permille.set(event_target_value(&ev).parse().unwrap_or(0)) />
            </label>
        </section>
        <section class="card">
            <dl class="facts" data-testid="value-facts">
                <dt>{t.value_customers}</dt><dd>{customers}</dd>
                <dt>{t.value_so_far}</dt><dd data-testid="value-so-far">{let a = amount_facts.clone(); move || a(so_far())}</dd>
                {model.map(|_| {
                    let a = amount_facts.clone();
                    view! {
                        <dt>{t.value_predicted_total}</dt><dd data-testid="value-total">{move || a(total())}</dd>
                        <dt>{t.value_expected_purchases}</dt><dd>{move || format!("{:.0}", purchases())}</dd>
                        <dt>{t.value_likely_active}</dt><dd>{move || fill(t.value_likely_active_count, &[("n", &active().to_string()), ("all", &customers.to_string())])}</dd>
                    }
                })}
            </dl>
        </section>
        <section class="card">
            <h2>{t.value_distribution}</h2>
            <Chart id="value-distribution" label=t.value_distribution plot=plot_distribution />
            <table class="chart-table">
                <thead><tr><th>{t.value_bin}</th><th>{t.segment_customers}</th></tr></thead>
                <tbody>
                    {move || {
                        let most = distribution.with(|d| d.iter().map(|b| b.1).max().unwrap_or(0)) as i64;
                        distribution.get().into_iter().enumerate().map(|(i, (bound, n))| view! {
                            <tr><td>{bin_label(i, bound, &amount_table)}</td><td class="bar-cell">{bar(n as i64, most, "won")}<span>{n}</span></td></tr>
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
        <section class="card">
            <h2>{t.value_against_frequency}</h2>
            <Chart id="value-frequency" label=t.value_against_frequency plot=plot_frequency />
        </section>
        <section class="card">
            <h2>{t.value_top}</h2>
            <TableScroll label=t.value_top>
                <table class="preview" data-testid="value-top">
                    <thead><tr>
                        <th>{t.clv_customer}</th><th>{t.clv_frequency}</th><th>{t.clv_p_active}</th>
                        <th>{t.clv_expected_purchases}</th><th>{t.clv_predicted}</th><th>{t.clv_historical}</th>
                    </tr></thead>
                    <tbody>
                        {move || top().into_iter().map(|i| {
                            let (id, name, frequency) = report.with_value(|r| {
                                let s = &r.histories[i];
                                let c = &r.ledger.customers[s.customer];
                                (c.id, c.name.clone(), s.frequency)
                            });
                            let p = predictions.with(|p| p.get(i).cloned());
                            let h = historical.with(|h| h[i]);
                            view! {
                                <tr>
                                    <td><a href=format!("/contacts/{id}")>{name}</a></td>
                                    <td>{frequency}</td>
                                    <td>{p.as_ref().map(|p| format!("{:.0}%", p.p_alive * 100.0))}</td>
                                    <td>{p.as_ref().map(|p| format!("{:.1}", p.expected_purchases))}</td>
                                    <td>{p.as_ref().map(|p| amount_top(p.value))}</td>
                                    <td>{amount_top(h)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
        {model.map(|f| view! {
            <details class="card">
                <summary>{t.value_model}</summary>
                <p class="muted">{t.value_model_hint}</p>
                <dl class="facts">
                    <dt>"BG/NBD"</dt>
                    <dd>{format!("r {:.3} · α {:.3} · a {:.3} · b {:.3} · LL {:.1}", f.purchases.r, f.purchases.alpha, f.purchases.a, f.purchases.b, f.purchases.log_likelihood)}</dd>
                    <dt>"Gamma-Gamma"</dt>
                    <dd>{format!("p {:.3} · q {:.3} · γ {:.3} · LL {:.1}", f.spend.p, f.spend.q, f.spend.v, f.spend.log_likelihood)}</dd>
                </dl>
                {f.purchases.at_limit.then(|| view! { <p class="muted">{t.purchases_at_limit}</p> })}
                {f.spend.at_limit.then(|| view! { <p class="muted">{t.spend_at_limit}</p> })}
            </details>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outstanding_customer_gets_the_last_bin_to_themself() {
        let mut values: Vec<f64> = (1..=99).map(f64::from).collect();
        values.push(1_000_000.0);
        let b = bins(&values);
        assert_eq!(b.len(), BINS);
        assert_eq!(b.iter().map(|x| x.1).sum::<usize>(), 100);
        assert_eq!(b[BINS - 1].1, 1 + 4, "above the 95th percentile");
        assert!(b[..BINS - 1].iter().all(|x| x.1 >= 13), "{b:?}");
        assert_eq!(bin_label(0, 13.57, |v| format!("{v:.2}")), "≤ 13.57");
        assert_eq!(bin_label(BINS - 1, 95.0, |v| format!("{v}")), "> 95");
    }

    #[test]
    fn no_values_make_empty_bins() {
        assert!(bins(&[]).iter().all(|b| b.1 == 0));
        assert_eq!(bins(&[0.0, 0.0])[0].1, 2);
    }
}
