use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use super::due::DueBadge;
use crate::core::code::TextCode;
use crate::i18n::format::{datetime, when};
use crate::i18n::{Locale, use_messages};
use crate::tickets::types::{Seen, TicketRow};

/// A line's place in the inbox: where the keyboard cursor is, and which tickets are picked
/// (each with the version the inbox showed) for a change to several at once.
#[derive(Clone, Copy)]
pub struct Pick {
    pub index: usize,
    pub picked: RwSignal<BTreeMap<Uuid, i32>>,
    pub cursor: RwSignal<Option<usize>>,
}

/// A ticket in a list: number, subject, who asked, whose it is, and how it stands; with a
/// clock, also how long until its target falls due; in the inbox, a box to pick it.
#[component]
pub fn TicketLine(
    row: TicketRow,
    zone: String,
    #[prop(optional)] now: Option<Signal<DateTime<Utc>>>,
    #[prop(default = None)] pick: Option<Pick>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let who = [Some(row.requester), row.assignee_name]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" → ");
    let (id, version) = (row.id, row.version);
    let picked = move || pick.is_some_and(|p| p.picked.with(|set| set.contains_key(&id)));
    let at_cursor = move || pick.is_some_and(|p| p.cursor.get() == Some(p.index));
    let title = format!("#{} {}", row.number, row.subject);
    let checkbox = pick.map(|p| {
        view! {
            <input
                type="checkbox"
                class="pick"
                name=format!("form[picked][{}]", p.index)
                value=String::from(Seen { id, version })
                aria-label=format!("{} {title}", t.inbox_pick)
                prop:checked=picked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    p.picked.update(|set| {
                        if on {
                            set.insert(id, version);
                        } else {
                            set.remove(&id);
                        }
                    });
                }
            />
        }
    });
    view! {
        <li class="row ticket-row" class:unread=row.unread class:picked=picked class:cursor=at_cursor data-testid="ticket-row">
            {checkbox}
            <a
                class="row-link"
                href=format!("/tickets/{id}")
                id=pick.map(|p| format!("ticket-link-{}", p.index))
                on:focus=move |_| {
                    if let Some(p) = pick {
                        p.cursor.set(Some(p.index));
                    }
                }
            >
                {row.unread.then(|| view! { <span class="unread-dot" aria-label=t.ticket_unread></span> })}
                <strong>{title.clone()}</strong>
                <span class=format!("badge status-{}", row.status.as_str())>{t.ticket_status(row.status)}</span>
                <span class=format!("badge priority-{}", row.priority.as_str())>{t.priority(row.priority)}</span>
                {now.map(|now| view! { <DueBadge due=row.due now /> })}
                <p class="muted">{who}</p>
            </a>
            <time class="muted row-when" datetime=row.created_at.to_rfc3339() title=datetime(row.created_at, &zone, locale)>
                {when(row.created_at, now.map_or_else(Utc::now, |now| now.get_untracked()), &zone, locale)}
            </time>
        </li>
    }
}
