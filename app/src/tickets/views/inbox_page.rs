use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use super::bulk::{BulkBar, BulkResult, Picked};
use super::due::ticking;
use super::ticket_line::{Pick, TicketLine};
use crate::core::code::TextCode;
use crate::core::policy::{self, Action, Rules};
use crate::i18n::use_messages;
use crate::tickets::api::{BulkUpdateTickets, get_inbox, inbox_counts};
use crate::tickets::types::{Inbox, InboxQuery, View, ViewCounts};
use crate::ui::keys::{focus, shortcuts};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

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
/// Agents pick tickets to change several at once, and move through the list by keyboard.
#[component]
pub fn InboxPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| InboxQuery::from_params(|name| p.get(name))));
    let bulk = ServerAction::<BulkUpdateTickets>::new();
    let counts = Resource::new(move || bulk.version().get(), |_| inbox_counts());
    let inbox = Resource::new(
        move || (query.get(), bulk.version().get()),
        |(query, _)| get_inbox(query),
    );
    let viewer = use_viewer();
    view! {
        <Page title=t.inbox_title>
            <div class="toolbar">
                <form method="get" action="/tickets" class="search" role="search">
                    {move || {
                        let query = query.get();
                        view! {
                            <input type="hidden" name="view" value=query.view.as_str() />
                            <input id="inbox-search" type="search" name="q" value=query.q aria-label=t.search placeholder=t.inbox_search_hint />
                        }
                    }}
                    <button class="button secondary" type="submit">{t.search}</button>
                </form>
                <A href="/tickets/new" attr:class="button">{t.ticket_new}</A>
                <A href="/tickets/canned" attr:class="button secondary">{t.canned_title}</A>
                <A href="/tickets/report" attr:class="button secondary">{t.report_title}</A>
                <A href="/tickets/desk" attr:class="button secondary">{t.desk_title}</A>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    counts.await.map(|counts| view! { <Tabs counts current=query.get().view /> })
                })}
            </Transition>
            <BulkResult bulk />
            <Loading>
                {move || Suspend::new(async move {
                    let viewer = viewer.await.ok().flatten();
                    let can_work = viewer.as_ref().is_some_and(|v| {
                        policy::allows(&v.user, Action::WorkTickets, Rules::default())
                    });
                    let zone = viewer.map(|v| v.time_zone).unwrap_or_default();
                    inbox.await.map(|inbox| {
                        let now = ticking(inbox.now);
                        view! { <Rows inbox zone now bulk can_work /> }
                    })
                })}
            </Loading>
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

/// The page's tickets in a form that changes the picked ones at once, with the keys that
/// move through them: `j` and `k` move, `x` picks, `a` assigns, `r` replies, `/` searches.
#[component]
fn Rows(
    inbox: Inbox,
    zone: String,
    now: Signal<DateTime<Utc>>,
    bulk: ServerAction<BulkUpdateTickets>,
    can_work: bool,
) -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let picked: Picked = RwSignal::new(Default::default());
    let cursor = RwSignal::new(None::<usize>);
    let lines: Vec<(Uuid, i32)> = inbox.rows.iter().map(|r| (r.id, r.version)).collect();
    let navigate = use_navigate();
    shortcuts(move |key, ev| {
        let last = lines.len().checked_sub(1);
        let at = cursor.get_untracked();
        let toggle = |i: usize| {
            if let Some((id, version)) = lines.get(i).copied() {
                picked.update(|p| {
                    if p.remove(&id).is_none() {
                        p.insert(id, version);
                    }
                });
            }
        };
        match key {
            "j" | "k" => {
                let Some(last) = last else { return };
                let next = match (key, at) {
                    ("j", Some(i)) => (i + 1).min(last),
                    ("k", Some(i)) => i.saturating_sub(1),
                    _ => 0,
                };
                cursor.set(Some(next));
                focus(format!("ticket-link-{next}"));
            }
            "x" if can_work => {
                if let Some(i) = at {
                    ev.prevent_default();
                    toggle(i);
                }
            }
            "a" if can_work => {
                if let Some(i) = at.filter(|_| picked.with_untracked(|p| p.is_empty())) {
                    toggle(i);
                }
                if !picked.with_untracked(|p| p.is_empty()) {
                    ev.prevent_default();
                    focus("bulk-assignee".to_owned());
                }
            }
            "r" => {
                if let Some((id, _)) = at.and_then(|i| lines.get(i)) {
                    navigate(&format!("/tickets/{id}#reply"), Default::default());
                }
            }
            "/" => {
                ev.prevent_default();
                focus("inbox-search".to_owned());
            }
            _ => {}
        }
    });
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
        <ActionForm action=bulk attr:class="inbox-form">
            {can_work.then(|| view! { <BulkBar picked pending=bulk.pending() /> })}
            <ul class="rows card" data-testid="tickets">
                {inbox.rows.into_iter().enumerate().map(|(index, row)| {
                    let pick = can_work.then_some(Pick { index, picked, cursor });
                    view! { <TicketLine row zone=zone.clone() now pick /> }
                }).collect_view()}
            </ul>
        </ActionForm>
        {next.map(|href| view! { <p class="pager"><A href=href attr:class="button secondary">{t.next_page}</A></p> })}
        <p class="hint keys">{t.inbox_keys}</p>
    }
    .into_any()
}
