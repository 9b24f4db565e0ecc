use analytics::forecast::{Month, NotEnough, Projection};
use clean::money::exponent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::deals::api::get_forecast;
use crate::deals::types::Forecast;
use crate::i18n::format::amounts;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::bar::bar;
use crate::ui::chart::{Chart, Plot, Series};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

fn month_name(month: Month, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{}-{:02}", month.year, month.month),
        Locale::ZhCn => format!("{}年{}月", month.year, month.month),
    }
}

/// What the pipeline will bring: open deals weighted by month, won revenue projected ahead,
/// and how deals move (win rate, days per stage).
#[component]
pub fn ForecastPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let pipeline = move || {
        params
            .with(|p| p.get("pipeline"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    };
    let forecast = Resource::new(pipeline, get_forecast);
    view! {
        <Page title=t.forecast_title>
            <Loading>
                {move || Suspend::new(async move { forecast.await.map(|f| view! { <ForecastView f /> }) })}
            </Loading>
        </Page>
    }
}

#[component]
fn ForecastView(f: Forecast) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let base = f.base_currency.clone();
    let amount = amounts(base, locale);
    let max = f.months.iter().map(|m| m.total).max().unwrap_or(0);
    let win_rate = analytics::forecast::win_rate(f.won, f.lost)
        .map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "—".to_owned());
    let amount_rows = amount.clone();
    view! {
        <div class="toolbar">
            <a class="button secondary" href=format!("/deals?pipeline={}", f.pipeline.id)>{t.deals_back}</a>
        </div>
        {(!f.unconverted.is_empty()).then(|| view! {
            <p class="alert">{fill(t.board_unconverted, &[("currencies", &f.unconverted.join(", "))])}</p>
        })}
        <section class="card" data-testid="forecast-weighted">
            <h2>{t.forecast_weighted}</h2>
            <p class="muted">{t.forecast_weighted_hint}</p>
            <table class="chart-table">
                <thead><tr><th>{t.forecast_month}</th><th>{t.forecast_deals}</th><th>{t.forecast_total}</th><th>{t.forecast_weighted_column}</th></tr></thead>
                <tbody>
                    {f.months.into_iter().map(|m| view! {
                        <tr>
                            <td>{m.month.map(|m| month_name(m, locale)).unwrap_or_else(|| t.forecast_no_date.to_owned())}</td>
                            <td>{m.deals}</td>
                            <td>{amount_rows(m.total)}</td>
                            <td class="bar-cell">{bar(m.weighted, max, "weighted")}<span>{amount_rows(m.weighted)}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card" data-testid="forecast-projection">
            <h2>{t.forecast_projection}</h2>
            {match f.projection {
                Ok(p) => view! { <ProjectionView p currency=f.base_currency.clone() amount=amount.clone() /> }.into_any(),
                Err(NotEnough::History { needed }) => view! {
                    <p class="muted">{fill(t.forecast_not_enough, &[("months", &needed.to_string())])}</p>
                }.into_any(),
            }}
        </section>
        <section class="card" data-testid="forecast-funnel">
            <h2>{t.forecast_funnel}</h2>
            <Funnel steps=f.funnel />
        </section>
        <section class="card" data-testid="forecast-velocity">
            <h2>{t.forecast_velocity}</h2>
            <dl class="facts">
                <dt>{t.forecast_win_rate}</dt>
                <dd>{fill(t.forecast_win_rate_value, &[("rate", &win_rate), ("won", &f.won.to_string()), ("lost", &f.lost.to_string())])}</dd>
                {f.stage_days.into_iter().map(|(stage, days, moves)| view! {
                    <dt>{t.preset(&stage).to_owned()}</dt>
                    <dd>{if moves == 0 { "—".to_owned() } else { fill(t.forecast_days, &[("days", &format!("{days:.1}")), ("moves", &moves.to_string())]) }}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// How far the year's deals got, step by step, as a funnel and as a table that says what share
/// of all and of the step before each step kept.
#[component]
fn Funnel(steps: Vec<(String, u32)>) -> impl IntoView {
    let t = use_messages();
    let steps: Vec<(String, u32)> = steps
        .into_iter()
        .map(|(name, n)| (t.preset(&name).to_owned(), n))
        .collect();
    let all = steps.first().map_or(0, |s| s.1);
    if all == 0 {
        return view! { <p class="muted">{t.forecast_funnel_empty}</p> }.into_any();
    }
    let share = |part: u32, whole: u32| {
        if whole == 0 {
            "—".to_owned()
        } else {
            format!("{:.0}%", f64::from(part) * 100.0 / f64::from(whole))
        }
    };
    let plot = Plot::Funnel {
        steps: steps
            .iter()
            .map(|(name, n)| (name.clone(), f64::from(*n)))
            .collect(),
    };
    let before = std::iter::once(all).chain(steps.iter().map(|s| s.1));
    let rows = steps.iter().cloned().zip(before).collect::<Vec<_>>();
    view! {
        <p class="muted">{t.forecast_funnel_hint}</p>
        <Chart id="forecast-funnel-chart" label=t.forecast_funnel plot=Signal::stored(plot) />
        <table class="chart-table">
            <thead><tr><th>{t.deal_stage}</th><th>{t.forecast_funnel_reached}</th><th>{t.forecast_funnel_of_all}</th><th>{t.forecast_funnel_of_previous}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|((name, n), previous)| view! {
                    <tr data-testid="funnel-step">
                        <th scope="row">{name}</th>
                        <td class="bar-cell">{bar(i64::from(n), i64::from(all), "weighted")}<span>{n}</span></td>
                        <td>{share(n, all)}</td>
                        <td>{share(n, previous)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ProjectionView(
    p: Projection,
    currency: String,
    amount: impl Fn(i64) -> String + Clone + Send + 'static,
) -> impl IntoView {
    let t: &'static Messages = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let max = p
        .history
        .iter()
        .chain(&p.ahead)
        .map(|(_, v)| *v)
        .max()
        .unwrap_or(0);
    let method = fill(
        t.forecast_method,
        &[
            ("alpha", &format!("{:.2}", p.alpha)),
            ("beta", &format!("{:.2}", p.beta)),
            ("error", &amount(p.mean_absolute_error)),
            (
                "share",
                &p.error_share
                    .map(|s| format!("{:.0}%", s * 100.0))
                    .unwrap_or_else(|| "—".to_owned()),
            ),
        ],
    );
    let rows = p
        .history
        .iter()
        .map(|(m, v)| (*m, *v, false))
        .chain(p.ahead.iter().map(|(m, v)| (*m, *v, true)))
        .collect::<Vec<_>>();
    let plot = trend(&rows, &currency, t, locale);
    view! {
        <p class="muted" data-testid="forecast-method">{method}</p>
        <Chart id="forecast-trend" label=t.forecast_projection plot=Signal::stored(plot) />
        <table class="chart-table">
            <thead><tr><th>{t.forecast_month}</th><th>{t.forecast_won}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(m, v, projected)| view! {
                    <tr class:projected=projected>
                        <td>{month_name(m, locale)} {projected.then_some(" *")}</td>
                        <td class="bar-cell">{bar(v, max, if projected { "projected" } else { "won" })}<span>{amount(v)}</span></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="muted">{t.forecast_projected_note}</p>
    }
}

/// Won revenue month by month and its projection, in whole units of `currency`, as two lines
/// that meet at the last month of history.
fn trend(
    rows: &[(Month, i64, bool)],
    currency: &str,
    t: &'static Messages,
    locale: Locale,
) -> Plot {
    let unit = 10f64.powi(exponent(currency) as i32);
    let last_won = rows.iter().rposition(|r| !r.2);
    let line = |name: &str, shown: &dyn Fn(usize, bool) -> bool| Series {
        name: name.to_owned(),
        values: rows
            .iter()
            .enumerate()
            .map(|(i, r)| shown(i, r.2).then(|| r.1 as f64 / unit))
            .collect(),
    };
    Plot::Lines {
        categories: rows.iter().map(|r| month_name(r.0, locale)).collect(),
        series: vec![
            line(t.forecast_won, &|_, projected| !projected),
            line(t.forecast_projected, &|i, projected| {
                projected || Some(i) == last_won
            }),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_carries_on_from_the_last_month_won() {
        let m = |month| Month { year: 2026, month };
        let rows = [
            (m(1), 10_000, false),
            (m(2), 25_050, false),
            (m(3), 30_000, true),
            (m(4), 31_000, true),
        ];
        let Plot::Lines { categories, series } =
            trend(&rows, "CNY", Locale::En.messages(), Locale::En)
        else {
            panic!("lines");
        };
        assert_eq!(categories.len(), 4);
        assert_eq!(series[0].values, [Some(100.0), Some(250.5), None, None]);
        assert_eq!(
            series[1].values,
            [None, Some(250.5), Some(300.0), Some(310.0)]
        );
        let Plot::Lines { series, .. } = trend(&rows, "JPY", Locale::En.messages(), Locale::En)
        else {
            panic!("lines");
        };
        assert_eq!(
            series[0].values[0],
            Some(10_000.0),
            "yen have no minor unit"
        );
    }
}
