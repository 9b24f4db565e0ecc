use leptos::prelude::*;

use crate::core::code::TextCode;
use crate::i18n::{Messages, fill, use_messages};
use crate::tickets::report::types::{SlaReport, Tally};
use crate::tickets::satisfaction::views::score_label;
use crate::tickets::types::Priority;
use crate::ui::bar::bar;
use crate::ui::chart::{Chart, Plot, Series, Stack};
use crate::ui::table_scroll::TableScroll;

/// `92% (23 of 25)` with a bar behind it, or a dash while nothing was decided.
fn rate(t: &'static Messages, rate: Option<u32>, met: u64, missed: u64) -> impl IntoView {
    let text = match rate {
        Some(rate) => fill(
            t.report_rate,
            &[
                ("rate", &rate.to_string()),
                ("met", &met.to_string()),
                ("all", &(met + missed).to_string()),
            ],
        ),
        None => "—".to_owned(),
    };
    let class = match rate {
        Some(r) if r < 80 => "missed",
        _ => "met",
    };
    view! { <td class="bar-cell">{bar(i64::from(rate.unwrap_or(0)), 100, class)}<span>{text}</span></td> }
}

/// A group's tickets and how many met each target, as cells of its row.
fn counts(t: &'static Messages, tally: Tally) -> impl IntoView {
    view! {
        <td>{tally.tickets}</td>
        {rate(t, tally.first_rate(), tally.first_met, tally.first_missed)}
        {rate(t, tally.resolve_rate(), tally.resolve_met, tally.resolve_missed)}
    }
}

/// Targets met and missed by priority: one pile for first responses, one for resolutions.
fn targets(t: &'static Messages, by_priority: &[(Priority, Tally)]) -> Plot {
    let pile = |target: &str, met: fn(&Tally) -> u64, missed: fn(&Tally) -> u64| Stack {
        name: target.to_owned(),
        series: [(t.report_target_met, met), (t.report_target_missed, missed)]
            .into_iter()
            .map(|(name, count)| Series {
                name: fill(name, &[("target", target)]),
                values: by_priority
                    .iter()
                    .map(|(_, tally)| Some(count(tally) as f64))
                    .collect(),
            })
            .collect(),
    };
    Plot::Stacked {
        categories: by_priority
            .iter()
            .map(|(p, _)| t.priority(*p).to_owned())
            .collect(),
        stacks: vec![
            pile(t.desk_first_response, |t| t.first_met, |t| t.first_missed),
            pile(t.desk_resolution, |t| t.resolve_met, |t| t.resolve_missed),
        ],
    }
}

/// `4.3 · 86% satisfied (14)`, or a dash without ratings.
fn satisfaction(t: &'static Messages, tally: &Tally) -> String {
    match (tally.average_tenths(), tally.satisfied()) {
        (Some(avg), Some(share)) => fill(
            t.report_satisfaction_value,
            &[
                ("average", &format!("{}.{}", avg / 10, avg % 10)),
                ("share", &share.to_string()),
                ("rated", &tally.rated().to_string()),
            ],
        ),
        _ => "—".to_owned(),
    }
}

/// One span's report: the totals, the targets by priority and by agent, and the scores.
#[component]
pub fn Report(report: SlaReport) -> impl IntoView {
    let t = use_messages();
    let total = report.total;
    if total.tickets == 0 {
        return view! { <p class="empty">{t.report_empty}</p> }.into_any();
    }
    let most = total.scores.iter().copied().max().unwrap_or(0);
    let scores = Plot::Bars {
        categories: (1..=5u8)
            .map(|score| format!("{score} · {}", score_label(t, score)))
            .collect(),
        values: total.scores.iter().map(|&n| n as f64).collect(),
    };
    view! {
        <section class="card" data-testid="report-total">
            <h2>{t.report_overall}</h2>
            <dl class="facts">
                <dt>{t.report_tickets}</dt>
                <dd data-testid="report-tickets">{total.tickets}</dd>
                <dt>{t.desk_first_response}</dt>
                <dd data-testid="report-first">{total.first_rate().map(|r| format!("{r}%")).unwrap_or_else(|| "—".into())}</dd>
                <dt>{t.desk_resolution}</dt>
                <dd data-testid="report-resolve">{total.resolve_rate().map(|r| format!("{r}%")).unwrap_or_else(|| "—".into())}</dd>
                <dt>{t.ticket_satisfaction}</dt>
                <dd data-testid="report-satisfaction">{satisfaction(t, &total)}</dd>
            </dl>
            <p class="muted">{t.report_hint}</p>
        </section>
        <section class="card" data-testid="report-priorities">
            <h2>{t.report_by_priority}</h2>
            <Chart id="report-priorities-chart" label=t.report_by_priority plot=Signal::stored(targets(t, &report.by_priority)) />
            <TableScroll label=t.report_by_priority>
                <table class="chart-table">
                    <thead><tr><th>{t.ticket_priority}</th><th>{t.report_tickets}</th><th>{t.desk_first_response}</th><th>{t.desk_resolution}</th></tr></thead>
                    <tbody>
                        {report.by_priority.into_iter().map(|(p, tally)| view! {
                            <tr data-priority=p.as_str()>
                                <th scope="row">{t.priority(p)}</th>
                                {counts(t, tally)}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
        <section class="card" data-testid="report-agents">
            <h2>{t.report_by_agent}</h2>
            <TableScroll label=t.report_by_agent>
                <table class="chart-table">
                    <thead><tr><th>{t.ticket_assignee}</th><th>{t.report_tickets}</th><th>{t.desk_first_response}</th><th>{t.desk_resolution}</th><th>{t.ticket_satisfaction}</th></tr></thead>
                    <tbody>
                        {report.by_agent.into_iter().map(|line| {
                            let tally = line.tally;
                            view! {
                                <tr data-testid="report-agent">
                                    <th scope="row">{line.name.unwrap_or_else(|| t.view_unassigned.to_owned())}</th>
                                    {counts(t, tally)}
                                    <td>{satisfaction(t, &tally)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
        <section class="card" data-testid="report-scores">
            <h2>{t.report_scores}</h2>
            <Chart id="report-scores-chart" label=t.report_scores plot=Signal::stored(scores) />
            <table class="chart-table">
                <tbody>
                    {(1..=5u8).rev().map(|score| {
                        let count = total.scores[usize::from(score - 1)];
                        view! {
                            <tr>
                                <th scope="row">{format!("{score} · {}", score_label(t, score))}</th>
                                <td class="bar-cell">{bar(count as i64, most as i64, "met")}<span>{count}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}
