use leptos::prelude::*;
use uuid::Uuid;

use crate::campaigns::campaign::api::{SetCampaignCost, campaign_report};
use crate::campaigns::campaign::types::{Moment, Report};
use crate::error::AppError;
use crate::i18n::format::{money, plain_amount};
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::chart::{Chart, Plot, Series, Stack};
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::loading::Loading;

/// The windows a report may count conversions in, in days.
const WINDOWS: [u32; 5] = [7, 14, 30, 60, 90];

/// How a started campaign did: delivery, openings and clicks (as a funnel and over time),
/// clicks by link, and conversions within `days` against what it cost. The campaign's page
/// holds `days` and `cost`, so that its reloads keep the chosen window and a saved cost
/// reloads the campaign's version with it.
#[component]
pub fn ReportPanel(
    id: Uuid,
    days: RwSignal<u32>,
    cost: ServerAction<SetCampaignCost>,
) -> impl IntoView {
    let t = use_messages();
    // A saved cost reloads the page, and this panel with it.
    let report = Resource::new(move || days.get(), move |days| campaign_report(id, days));
    let choose = move |ev| {
        if let Ok(n) = event_target_value(&ev).parse() {
            days.set(n);
        }
    };
    view! {
        <section class="card" data-testid="campaign-report">
            <h2>{t.campaign_report}</h2>
            <p class="muted">{t.campaign_report_hint}</p>
            <div class="field">
                <label for="report-days">{t.campaign_report_days}</label>
                <select id="report-days" data-testid="report-days" on:change=choose>
                    {WINDOWS.map(|n| view! {
                        <option value=n selected=n == days.get_untracked()>
                            {fill(t.campaign_report_days_n, &[("n", &n.to_string())])}
                        </option>
                    })}
                </select>
            </div>
            <Loading>
                {move || Suspend::new(async move {
                    let report = report.await?;
                    Ok::<_, AppError>(view! {
                        <Figures report=report.clone() />
                        <Cost id report=report.clone() cost />
                        <Readers report />
                    })
                })}
            </Loading>
        </section>
    }
}

fn with_rate(n: u32, rate: Option<f64>) -> String {
    match rate {
        Some(rate) => format!("{n} ({rate:.1}%)"),
        None => n.to_string(),
    }
}

#[component]
fn Figures(report: Report) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let r = &report;
    let c = r.counts;
    let roi = r
        .roi()
        .map_or_else(|| "—".to_owned(), |roi| format!("{:.0}%", roi * 100.0));
    let figures = [
        (
            t.campaign_report_sent,
            (c.sent + c.failed).to_string(),
            "sent",
        ),
        (t.campaign_report_delivered, c.sent.to_string(), "delivered"),
        (t.campaign_report_failed, c.failed.to_string(), "failed"),
        (
            t.campaign_report_opened,
            with_rate(r.opened, r.rate(r.opened)),
            "opened",
        ),
        (
            t.campaign_report_clicked,
            with_rate(r.clicked, r.rate(r.clicked)),
            "clicked",
        ),
        (t.campaign_report_opens, r.opens.to_string(), "opens"),
        (t.campaign_report_clicks, r.clicks.to_string(), "clicks"),
        (
            t.campaign_unsubscribed,
            with_rate(c.unsubscribed, r.rate(c.unsubscribed)),
            "unsubscribed",
        ),
        (
            t.campaign_report_converted,
            with_rate(r.converted, r.rate(r.converted)),
            "converted",
        ),
        (t.campaign_report_orders, r.orders.to_string(), "orders"),
        (
            t.campaign_report_won_deals,
            r.won_deals.to_string(),
            "won-deals",
        ),
        (
            t.campaign_report_revenue,
            money(&r.revenue, locale),
            "revenue",
        ),
        (
            t.campaign_report_cost,
            r.cost
                .as_ref()
                .map_or_else(|| "—".to_owned(), |cost| money(cost, locale)),
            "cost",
        ),
        (t.campaign_report_roi, roi, "roi"),
    ];
    let unconverted = (!r.unconverted.is_empty())
        .then(|| format!("{}: {}", t.analytics_unconverted, r.unconverted.join(", ")));
    view! {
        {(!r.tracking).then(|| view! { <p class="alert" data-testid="tracking-off">{t.campaign_report_tracking_off}</p> })}
        {(!r.tracks_opens).then(|| view! { <p class="muted">{t.campaign_report_plain}</p> })}
        <dl class="facts" data-testid="report-figures">
            {figures.into_iter().map(|(label, value, key)| view! {
                <dt>{label}</dt>
                <dd data-figure=key>{value}</dd>
            }).collect_view()}
        </dl>
        {unconverted.map(|note| view! { <p class="muted">{note}</p> })}
    }
}

/// What the campaign cost, in the workspace's currency, which the return is reckoned from.
#[component]
fn Cost(id: Uuid, report: Report, cost: ServerAction<SetCampaignCost>) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(cost);
    let value = report
        .cost
        .as_ref()
        .map(|c| plain_amount(c.minor, &c.currency))
        .unwrap_or_default();
    view! {
        <div class="commands">
        <ActionForm action=cost attr:class="command" attr:data-testid="campaign-cost">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="version" value=report.version.to_string() />
            <Field label=t.campaign_report_cost name="cost" value hint=t.campaign_cost_hint errors=errors_of(answer, "cost") />
            <button type="submit" class="button" disabled=cost.pending()>{t.campaign_cost_save}</button>
        </ActionForm>
        </div>
        <FormAlert answer />
    }
}

/// Openings and clicks: the funnel from delivery, the timeline, and clicks by link.
#[component]
fn Readers(report: Report) -> impl IntoView {
    let t = use_messages();
    if report.timeline.is_empty() {
        return view! { <p class="muted" data-testid="report-quiet">{t.campaign_report_quiet}</p> }
            .into_any();
    }
    let funnel = Plot::Funnel {
        steps: vec![
            (
                t.campaign_report_delivered.to_owned(),
                f64::from(report.counts.sent),
            ),
            (
                t.campaign_report_opened.to_owned(),
                f64::from(report.opened),
            ),
            (
                t.campaign_report_clicked.to_owned(),
                f64::from(report.clicked),
            ),
        ],
    };
    let series = |name: &str, pick: fn(&Moment) -> u32| Series {
        name: name.to_owned(),
        values: report
            .timeline
            .iter()
            .map(|m| Some(f64::from(pick(m))))
            .collect(),
    };
    // Counts per stretch of time: bars side by side, which a first hour alone shows too.
    let stack = |name: &str, pick: fn(&Moment) -> u32| Stack {
        name: name.to_owned(),
        series: vec![series(name, pick)],
    };
    let timeline = Plot::Stacked {
        categories: report.timeline.iter().map(|m| m.label.clone()).collect(),
        stacks: vec![
            stack(t.campaign_report_opens, |m| m.opens),
            stack(t.campaign_report_clicks, |m| m.clicks),
        ],
    };
    let timeline_title = if report.hourly {
        t.campaign_report_timeline
    } else {
        t.campaign_report_by_day
    };
    // The busiest stretches, for those who read rather than look.
    let mut busiest: Vec<_> = report
        .timeline
        .iter()
        .filter(|m| m.opens + m.clicks > 0)
        .cloned()
        .collect();
    busiest.sort_by_key(|m| std::cmp::Reverse(m.opens + m.clicks));
    busiest.truncate(5);
    view! {
        <h3>{t.campaign_report_funnel}</h3>
        <Chart id="campaign-funnel" label=t.campaign_report_funnel plot=Signal::stored(funnel) />
        <h3>{timeline_title}</h3>
        <Chart id="campaign-timeline" label=timeline_title plot=Signal::stored(timeline) />
        <table class="chart-table">
            <thead><tr><th>{t.campaign_report_time}</th><th>{t.campaign_report_opens}</th><th>{t.campaign_report_clicks}</th></tr></thead>
            <tbody>
                {busiest.into_iter().map(|m| view! {
                    <tr><td>{m.label}</td><td>{m.opens}</td><td>{m.clicks}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <h3>{t.campaign_report_links}</h3>
        {if report.links.is_empty() {
            view! { <p class="muted">{t.campaign_report_no_links}</p> }.into_any()
        } else {
            view! {
                <table class="chart-table" data-testid="report-links">
                    <thead><tr><th>{t.campaign_report_link}</th><th>{t.campaign_report_clicks}</th><th>{t.campaign_report_people}</th></tr></thead>
                    <tbody>
                        {report.links.into_iter().map(|l| {
                            let href = l.url.clone();
                            view! {
                            <tr>
                                <td class="link-cell"><a href=href target="_blank" rel="noopener noreferrer">{l.url}</a></td>
                                <td>{l.clicks}</td>
                                <td>{l.people}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
    .into_any()
}
