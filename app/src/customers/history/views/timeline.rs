use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::log_form::{LogForm, QuickLog};
use super::order_form::OrdersCard;
use crate::core::actor::Viewer;
use crate::core::code::TextCode;
use crate::core::offline::{served_or_kept, use_reach};
use crate::customers::history::api::get_history;
use crate::customers::history::types::{History, HistoryItem, Interaction, InteractionKind, Order};
use crate::customers::views::KeptContacts;
use crate::i18n::format::{date, datetime, money};
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::loading::Loading;

/// A contact's orders and history under their card: what they bought and what was said, with
/// logging a call or a note two taps away.
#[component]
pub fn Timeline(contact_id: Uuid, viewer: Viewer, can_order: bool) -> impl IntoView {
    let t = use_messages();
    // Bumped by every form below when it saved, so that totals and timeline load afresh.
    let changed = RwSignal::new(0_u32);
    let query = use_query_map();
    let after = move || {
        query
            .with(|q| q.get("history_after"))
            .filter(|a| !a.is_empty())
    };
    let reach = use_reach();
    let kept = use_context::<KeptContacts>();
    let history = Resource::new(
        move || (after(), changed.get(), reach.back.get()),
        move |(after, _, _)| {
            // The copy holds the newest entries: there is no older page of them.
            let offline = kept
                .filter(|_| after.is_none())
                .map(|k| move || (k.history)(contact_id));
            served_or_kept(reach, get_history(contact_id, after), offline)
        },
    );
    let zone = StoredValue::new(viewer.time_zone.clone());
    let quick = use_context::<QuickLog>();
    view! {
        {(!reach.offline.get_untracked()).then(|| view! { <OrdersCard contact_id viewer can_order changed /> })}
        <section class="card" id="history" data-testid="history">
            <h2>{t.history_title}</h2>
            <div class="log-actions">
                <LogForm contact_id kind=Some(InteractionKind::Call) label=t.log_call changed open=quick.map(|q| q.call) />
                <LogForm contact_id kind=Some(InteractionKind::Note) label=t.log_note changed open=quick.map(|q| q.note) />
                <LogForm contact_id kind=None label=t.log_other changed />
            </div>
            <Loading>
                {move || Suspend::new(async move {
                    history
                        .await
                        .map(|history| {
                            view! { <Entries history contact_id zone=zone.get_value() /> }
                        })
                })}
            </Loading>
        </section>
    }
}

#[component]
fn Entries(history: History, contact_id: Uuid, zone: String) -> impl IntoView {
    let t = use_messages();
    if history.items.is_empty() {
        return view! { <p class="empty">{t.history_none}</p> }.into_any();
    }
    let older = history.next.map(|cursor| {
        let href = format!("/contacts/{contact_id}?history_after={cursor}");
        view! { <p class="pager"><A href=href attr:class="button secondary">{t.history_older}</A></p> }
    });
    view! {
        <ol class="timeline">
            {history
                .items
                .into_iter()
                .map(|item| match item {
                    HistoryItem::Interaction(entry) => {
                        view! { <InteractionEntry entry zone=zone.clone() /> }.into_any()
                    }
                    HistoryItem::Order(order) => {
                        view! { <OrderEntry order zone=zone.clone() /> }.into_any()
                    }
                })
                .collect_view()}
        </ol>
        {older}
    }
    .into_any()
}

#[component]
fn InteractionEntry(entry: Interaction, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let by = entry
        .user_name
        .map(|name| fill(t.by_user, &[("name", &name)]));
    let meta = [
        entry.direction.map(|d| t.direction(d).to_owned()),
        Some(datetime(entry.occurred_at, &zone, locale)),
        by,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="entry" data-kind=entry.kind.as_str()>
            <span class="entry-kind">{t.interaction(entry.kind)}</span>
            <span class="muted">{meta}</span>
            {entry.subject.map(|s| view! { <strong class="entry-subject">{s}</strong> })}
            {entry.body.map(|b| view! { <p class="entry-body">{b}</p> })}
        </li>
    }
}

#[component]
fn OrderEntry(order: Order, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let revenue = order.status.is_revenue();
    view! {
        <li class="entry" data-kind="order">
            <span class="entry-kind">{fill(t.order_label, &[("number", &order.number)])}</span>
            <span class="muted">{date(order.ordered_at, &zone, locale)}</span>
            <strong class="amount" class:void=!revenue>{money(&order.amount, locale)}</strong>
            <span class="badge">{t.order_status(order.status)}</span>
            {order.note.map(|n| view! { <p class="entry-body">{n}</p> })}
        </li>
    }
}
