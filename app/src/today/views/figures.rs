use leptos::prelude::*;

use crate::i18n::format::amounts;
use crate::i18n::{Locale, fill, use_messages};
use crate::today::types::Figures;
use crate::ui::bar::bar;

/// The owner's figures, each a link to the screen that explains it; the month's revenue sits
/// over last month's and a year ago's as bars, which compare at a glance.
#[component]
pub fn FiguresCard(figures: Figures) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let amount = amounts(figures.currency.clone(), locale);
    let mut unconverted: Vec<String> = figures
        .won
        .iter()
        .chain([&figures.pipeline])
        .flat_map(|total| total.unconverted.iter().cloned())
        .collect();
    unconverted.sort();
    unconverted.dedup();
    let [this, last, year_ago] = figures.won.map(|total| total.minor);
    let most = this.max(last).max(year_ago);
    let months = [
        (t.today_won, this),
        (t.today_won_last, last),
        (t.today_won_year_ago, year_ago),
    ];
    let [added, added_before] = figures.new_customers;
    let satisfied = figures
        .satisfied
        .map_or_else(|| t.today_no_ratings.to_owned(), |p| format!("{p}%"));
    view! {
        <section class="card" data-testid="today-figures">
            <h2>{t.today_figures}</h2>
            <table class="chart-table" data-figure="won">
                <tbody>
                    {months.into_iter().enumerate().map(|(i, (label, value))| view! {
                        <tr>
                            <th scope="row">
                                {if i == 0 { view! { <a href="/deals/forecast">{label}</a> }.into_any() } else { label.into_any() }}
                            </th>
                            <td class="bar-cell">{bar(value, most, "won")}<span>{amount(value)}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="figures">
                <a class="figure" href="/deals" data-figure="pipeline">
                    <span class="muted">{t.today_pipeline}</span>
                    <strong>{amount(figures.pipeline.minor)}</strong>
                    <span class="muted">{fill(t.today_weighted, &[("amount", &amount(figures.weighted))])}</span>
                </a>
                <a class="figure" href="/contacts" data-figure="customers">
                    <span class="muted">{t.today_new_customers}</span>
                    <strong>{added}</strong>
                    <span class="muted">{fill(t.today_last_month, &[("n", &added_before.to_string())])}</span>
                </a>
                <a class="figure" href="/tickets?view=open" data-figure="tickets">
                    <span class="muted">{t.today_open_tickets}</span>
                    <strong>{figures.open_tickets}</strong>
                </a>
                <a class="figure" href="/tickets/report" data-figure="satisfaction">
                    <span class="muted">{t.today_satisfaction}</span>
                    <strong>{satisfied}</strong>
                </a>
            </div>
            {(!unconverted.is_empty()).then(|| view! {
                <p class="muted">{fill(t.board_unconverted, &[("currencies", &unconverted.join(", "))])}</p>
            })}
        </section>
    }
}
