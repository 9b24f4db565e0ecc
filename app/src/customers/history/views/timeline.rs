use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::log_form::{LogForm, QuickLog};
use super::order_form::OrdersCard;
use crate::core::actor::Viewer;
use crate::core::code::TextCode;
use crate::core::offline::{served_or_kept, use_reach};
use crate::customers::history::api::{ChangeOrder, get_history};
use crate::customers::history::types::{
    History, HistoryItem, Interaction, InteractionKind, Order, OrderStatus,
};
use crate::customers::views::KeptContacts;
use crate::i18n::format::{date, datetime, money};
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::toast::use_toasts;

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
                    // An order is changed on the server only: offline, its buttons go.
                    let can_order = can_order && !reach.offline.get_untracked();
                    history
                        .await
                        .map(|history| {
                            view! { <Entries history contact_id zone=zone.get_value() can_order changed /> }
                        })
                })}
            </Loading>
        </section>
    }
}

#[component]
fn Entries(
    history: History,
    contact_id: Uuid,
    zone: String,
    can_order: bool,
    changed: RwSignal<u32>,
) -> impl IntoView {
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
                        view! { <OrderEntry order zone=zone.clone() can_order changed /> }
                            .into_any()
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
fn OrderEntry(
    order: Order,
    zone: String,
    can_order: bool,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let revenue = order.status.is_revenue();
    let lines = (!order.lines.is_empty()).then(|| {
        view! {
            <ul class="order-lines">
                {order
                    .lines
                    .iter()
                    .map(|line| {
                        let text = fill(
                            t.order_line,
                            &[
                                ("quantity", &line.quantity.to_string()),
                                ("description", &line.description),
                                ("amount", &money(&line.unit_amount, locale)),
                            ],
                        );
                        view! { <li>{text}</li> }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let erp = order
        .external_id
        .as_ref()
        .map(|id| view! { <span class="muted">{fill(t.order_external_id, &[("id", id)])}</span> });
    let actions = can_order.then(|| view! { <OrderActions order=order.clone() changed /> });
    view! {
        <li class="entry" data-kind="order">
            <span class="entry-kind">{fill(t.order_label, &[("number", &order.number)])}</span>
            <span class="muted">{date(order.ordered_at, &zone, locale)}</span>
            <strong class="amount" class:void=!revenue>{money(&order.amount, locale)}</strong>
            <span class="badge">{t.order_status(order.status)}</span>
            {erp}
            {lines}
            {order.note.map(|n| view! { <p class="entry-body">{n}</p> })}
            {actions}
        </li>
    }
}

/// Cancelling or refunding an order, where its life allows: the customer's value drops with
/// it at once.
#[component]
fn OrderActions(order: Order, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let toasts = use_toasts();
    let change = ServerAction::<ChangeOrder>::new();
    let answer = answer_of(change);
    Effect::new(move |_| {
        if let Some(Ok(order)) = answer.get() {
            toasts.show(match order.status {
                OrderStatus::Refunded => t.order_refunded_toast,
                _ => t.order_cancelled_toast,
            });
            changed.update(|n| *n += 1);
        }
    });
    let steps = [
        (OrderStatus::Cancelled, t.order_cancel),
        (OrderStatus::Refunded, t.order_refund),
    ];
    let buttons = steps
        .into_iter()
        .filter(|(next, _)| order.status.may_become(*next))
        .map(|(next, label)| {
            view! {
                <ActionForm action=change>
                    <input type="hidden" name="id" value=order.id.to_string() />
                    <input type="hidden" name="version" value=order.version.to_string() />
                    <input type="hidden" name="change[status]" value=next.as_str() />
                    <button class="button secondary" type="submit" disabled=change.pending()>
                        {label}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <div class="order-actions">
            {buttons}
            <FormAlert answer />
        </div>
    }
}
