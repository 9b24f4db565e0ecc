use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::KeptToday;
use super::figures::FiguresCard;
use crate::core::offline::{served_or_kept, use_reach};
use crate::customers::history::api::LogInteraction;
use crate::customers::history::types::Called;
use crate::deals::tasks::views::{TaskRows, task_actions};
use crate::deals::types::Card;
use crate::i18n::format::{date, day, money};
use crate::i18n::{Locale, fill, use_messages};
use crate::tickets::views::{TicketLine, ticking};
use crate::today::api::get_today;
use crate::today::labels::in_stage;
use crate::today::types::{MyTickets, Selling};
use crate::ui::form::successes;
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;
use crate::ui::viewer::use_viewer;

/// What the signed-in person should do now. Ticking off, snoozing or moving a task, or logging
/// a call, redraws it.
#[component]
pub fn TodayPage() -> impl IntoView {
    let t = use_messages();
    let actions = task_actions();
    let log = ServerAction::<LogInteraction>::new();
    toast_successes(log, move |_| t.logged.to_owned());
    let logged = successes(log);
    let reach = use_reach();
    let kept = use_context::<KeptToday>();
    let today = Resource::new(
        move || (actions.changes.get(), logged.get(), reach.back.get()),
        move |_| served_or_kept(reach, get_today(), kept.map(|k| k.today)),
    );
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
                        {today.selling.map(|selling| view! { <SellingCards selling now=today.now zone=zone.clone() log /> })}
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

/// A rep's deals closing this month and stalled, each a link to the deal, and the customers
/// they called last.
#[component]
fn SellingCards(
    selling: Selling,
    now: DateTime<Utc>,
    zone: String,
    log: ServerAction<LogInteraction>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let Selling {
        closing,
        stalled,
        stages,
        called,
    } = selling;
    let closing = closing.into_iter().map(|card| {
        let when = card
            .expected_close
            .map(|d| fill(t.board_closes, &[("date", &day(d, locale))]));
        line(card, when, locale)
    });
    let stalled = stalled.into_iter().map(|card| {
        let note = in_stage(t, &stages, &card, now);
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
        <CalledCard called zone log />
    }
}

/// Whom the rep called last: a tap calls them again, another logs the call.
#[component]
fn CalledCard(
    called: Vec<Called>,
    zone: String,
    log: ServerAction<LogInteraction>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let lines = called.into_iter().map(|person| {
        let when = fill(t.today_called_at, &[("date", &date(person.at, &zone, locale))]);
        view! {
            <li class="row" data-testid="called">
                <a href=format!("/contacts/{}", person.contact_id)>{person.name}</a>
                <span class="muted">{when}</span>
                <span class="called-actions">
                    {person.phone.map(|phone| view! { <a class="button secondary" href=format!("tel:{phone}")>{t.call}</a> })}
                    <ActionForm action=log>
                        <input type="hidden" name="contact_id" value=person.contact_id.to_string() />
                        <input type="hidden" name="form[kind]" value="call" />
                        <input type="hidden" name="form[direction]" value="outbound" />
                        <input type="hidden" name="form[occurred_at]" value="" />
                        <input type="hidden" name="form[subject]" value="" />
                        <input type="hidden" name="form[body]" value="" />
                        <button type="submit" class="button" disabled=log.pending()>{t.log_call}</button>
                    </ActionForm>
                </span>
            </li>
        }
        .into_any()
    });
    view! {
        <section class="card" data-testid="today-called">
            <h2>{t.today_called}</h2>
            {list(lines.collect(), t.today_called_none)}
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
