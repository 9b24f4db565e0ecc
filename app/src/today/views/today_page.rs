use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::figures::FiguresCard;
use crate::deals::tasks::views::{TaskRows, task_actions};
use crate::deals::types::{Card, days_in_stage};
use crate::i18n::format::money;
use crate::i18n::{Locale, fill, use_messages};
use crate::tickets::views::{TicketLine, ticking};
use crate::today::api::get_today;
use crate::today::types::{MyDeals, MyTickets};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// What the signed-in person should do now. Ticking off, snoozing or moving a task redraws it.
#[component]
pub fn TodayPage() -> impl IntoView {
    let t = use_messages();
    let actions = task_actions();
    let today = Resource::new(move || actions.changes.get(), |_| get_today());
    let viewer = use_viewer();
    view! {
        <Page title=t.today_title>
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    today.await.map(|today| view! {
                        {today.figures.map(|figures| view! { <FiguresCard figures /> })}
                        <section class="card" data-testid="today-tasks">
                            <header class="card-head">
                                <h2>{t.today_tasks}</h2>
                                <a href="/tasks">{t.today_all_tasks}</a>
                            </header>
                            {if today.tasks.is_empty() {
                                view! { <p class="muted">{t.today_tasks_none}</p> }.into_any()
                            } else {
                                view! { <TaskRows tasks=today.tasks zone=zone.clone() actions /> }.into_any()
                            }}
                        </section>
                        {today.tickets.map(|tickets| view! { <Tickets tickets zone=zone.clone() now=today.now /> })}
                        {today.deals.map(|deals| view! { <Deals deals now=today.now /> })}
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn Tickets(tickets: MyTickets, zone: String, now: DateTime<Utc>) -> impl IntoView {
    let t = use_messages();
    let now = ticking(now);
    view! {
        <section class="card" data-testid="today-tickets">
            <header class="card-head">
                <h2>{t.today_tickets}</h2>
                <a href="/tickets?view=mine">{t.today_all_tickets}</a>
            </header>
            {if tickets.rows.is_empty() {
                view! { <p class="muted">{t.today_tickets_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {tickets.rows.into_iter().map(|row| view! { <TicketLine row zone=zone.clone() now /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A rep's deals closing this month and stalled, each a link to the deal.
#[component]
fn Deals(deals: MyDeals, now: DateTime<Utc>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let closing = deals.closing.into_iter().map(|card| {
        let when = card
            .expected_close
            .map(|d| fill(t.board_closes, &[("date", &d.to_string())]));
        line(card, when, locale)
    });
    let stages = deals.stages;
    let stalled = deals.stalled.into_iter().map(|card| {
        let stage = stages
            .iter()
            .find(|s| s.id == card.stage_id)
            .map(|s| s.name.as_str())
            .unwrap_or_default();
        let days = days_in_stage(card.stage_entered_at, now).to_string();
        let note = fill(t.today_in_stage, &[("stage", stage), ("days", &days)]);
        line(card, Some(note), locale)
    });
    view! {
        <section class="card" data-testid="today-closing">
            <header class="card-head">
                <h2>{t.today_closing}</h2>
                <a href="/deals?whose=mine">{t.today_board}</a>
            </header>
            {list(closing.collect(), t.today_closing_none)}
        </section>
        <section class="card" data-testid="today-stalled">
            <h2>{t.today_stalled}</h2>
            {list(stalled.collect(), t.today_stalled_none)}
        </section>
    }
}

fn line(card: Card, note: Option<String>, locale: Locale) -> AnyView {
    view! {
        <li class="row">
            <a href=format!("/deals/{}", card.id)>{card.title}</a>
            <span>{money(&card.amount, locale)}</span>
            <span class="muted">{[card.contact_name.or(card.company_name), note].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</span>
        </li>
    }
    .into_any()
}

fn list(lines: Vec<AnyView>, none: &'static str) -> AnyView {
    if lines.is_empty() {
        view! { <p class="muted">{none}</p> }.into_any()
    } else {
        view! { <ul class="rows">{lines}</ul> }.into_any()
    }
}
