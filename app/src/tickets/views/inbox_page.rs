use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::due::{DueBadge, ticking};
use crate::customers::types::Named;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};
use crate::tickets::api::{get_inbox, inbox_counts};
use crate::tickets::types::{Inbox, InboxQuery, TicketRow, View, ViewCounts};
use crate::ui::layout::use_viewer;
use crate::ui::page::Page;

impl InboxQuery {
    /// The view, search and page as the address bar carries them.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        InboxQuery {
            view: param("view")
                .and_then(|v| View::parse(&v))
                .unwrap_or_default(),
            q: param("q").unwrap_or_default(),
            after: param("after").and_then(|id| Uuid::parse_str(&id).ok()),
        }
    }
}

/// The support inbox: a tab per view with its count, a search, and a page of tickets, oldest
/// waiting first. Views, search and pages are links and a GET form, so the address keeps them.
#[component]
pub fn InboxPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| InboxQuery::from_params(|name| p.get(name))));
    let counts = Resource::new(|| (), |_| inbox_counts());
    let inbox = Resource::new(move || query.get(), get_inbox);
    let viewer = use_viewer();
    view! {
        <Page title=t.inbox_title>
            <div class="toolbar">
                <form method="get" action="/tickets" class="search" role="search">
                    {move || {
                        let query = query.get();
                        view! {
                            <input type="hidden" name="view" value=query.view.as_str() />
                            <input type="search" name="q" value=query.q aria-label=t.search placeholder=t.inbox_search_hint />
                        }
                    }}
                    <button class="button secondary" type="submit">{t.search}</button>
                </form>
                <A href="/tickets/new" attr:class="button">{t.ticket_new}</A>
                <A href="/tickets/canned" attr:class="button secondary">{t.canned_title}</A>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    counts.await.map(|counts| view! { <Tabs counts current=query.get().view /> })
                })}
            </Transition>
            <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    inbox.await.map(|inbox| {
                        let now = ticking(inbox.now);
                        view! { <Rows inbox zone now /> }
                    })
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn Tabs(counts: ViewCounts, current: View) -> impl IntoView {
    let t = use_messages();
    view! {
        <nav class="tabs" aria-label=t.inbox_views data-testid="inbox-views">
            {View::ALL.iter().map(|view| {
                let here = *view == current;
                view! {
                    <a
                        href=format!("/tickets?view={}", view.as_str())
                        class="tab"
                        aria-current=here.then_some("page")
                        data-view=view.as_str()
                    >
                        {t.inbox_view(*view)}
                        " "
                        <span class="tab-count">{counts.of(*view)}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

#[component]
fn Rows(inbox: Inbox, zone: String, now: Signal<DateTime<Utc>>) -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    if inbox.rows.is_empty() {
        return view! { <p class="empty">{t.inbox_empty}</p> }.into_any();
    }
    // The next page keeps the view and search, and resumes after this page's last row.
    let next = inbox
        .more
        .then(|| inbox.rows.last().map(|r| r.id))
        .flatten()
        .map(|after| {
            let mut params = params.get_untracked();
            params.replace("after", after.to_string());
            format!("/tickets{}", params.to_query_string())
        });
    view! {
        <ul class="rows card" data-testid="tickets">
            {inbox.rows.into_iter().map(|row| view! { <TicketLine row zone=zone.clone() now /> }).collect_view()}
        </ul>
        {next.map(|href| view! { <p class="pager"><A href=href attr:class="button secondary">{t.next_page}</A></p> })}
    }
    .into_any()
}

/// A ticket in a list: number, subject, who asked, whose it is, and how it stands; with a
/// clock, also how long until its target falls due.
#[component]
pub fn TicketLine(
    row: TicketRow,
    zone: String,
    #[prop(optional)] now: Option<Signal<DateTime<Utc>>>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let who = [Some(row.requester), row.assignee_name]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" → ");
    view! {
        <li class="row ticket-row" class:unread=row.unread data-testid="ticket-row">
            <a class="row-link" href=format!("/tickets/{}", row.id)>
                {row.unread.then(|| view! { <span class="unread-dot" aria-label=t.ticket_unread></span> })}
                <strong>{format!("#{} ", row.number)}{row.subject}</strong>
                <span class=format!("badge status-{}", row.status.as_str())>{t.ticket_status(row.status)}</span>
                <span class=format!("badge priority-{}", row.priority.as_str())>{t.priority(row.priority)}</span>
                {now.map(|now| view! { <DueBadge due=row.due now /> })}
                <p class="muted">{who}</p>
            </a>
            <span class="muted">{datetime(row.created_at, &zone, locale)}</span>
        </li>
    }
}
