//! Changing several tickets at once from the inbox: the bar that appears once some are
//! picked, and what the change did.

use std::collections::BTreeMap;

use leptos::prelude::*;
use uuid::Uuid;

use crate::core::code::TextCode;
use crate::i18n::{Messages, fill, use_messages};
use crate::tickets::api::{BulkUpdateTickets, ticket_agents};
use crate::tickets::types::{NOBODY, Status};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::toast::toast_successes;

/// The tickets picked in the inbox, each with the version it showed.
pub type Picked = RwSignal<BTreeMap<Uuid, i32>>;

fn numbers(list: &[i64]) -> String {
    list.iter()
        .map(|n| format!("#{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Assignee, status and priority for the picked tickets; an untouched choice keeps each
/// ticket's own.
#[component]
pub fn BulkBar(picked: Picked, #[prop(into)] pending: Signal<bool>) -> impl IntoView {
    let t = use_messages();
    let agents = Resource::new(|| (), |_| ticket_agents());
    let keep = move || view! { <option value="">{t.bulk_keep}</option> };
    let statuses = [
        Status::Open,
        Status::Pending,
        Status::Solved,
        Status::Closed,
    ];
    view! {
        <div class="bulk-bar card" data-testid="bulk-bar" class:hidden=move || picked.with(BTreeMap::is_empty)>
            <strong>{move || fill(t.bulk_picked, &[("count", &picked.with(BTreeMap::len).to_string())])}</strong>
            <label class="inline">
                <span>{t.ticket_assignee}</span>
                <select id="bulk-assignee" name="form[assignee]">
                    {keep()}
                    <option value=NOBODY>{t.nobody}</option>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            agents.await.map(|agents| agents.into_iter().map(|a| view! {
                                <option value=a.id.to_string()>{a.name}</option>
                            }).collect_view())
                        })}
                    </Transition>
                </select>
            </label>
            <label class="inline">
                <span>{t.ticket_status_field}</span>
                <select name="form[status]" data-testid="bulk-status">
                    {keep()}
                    {statuses.map(|s| view! { <option value=s.as_str()>{t.ticket_status(s)}</option> }).collect_view()}
                </select>
            </label>
            <label class="inline">
                <span>{t.ticket_priority}</span>
                <select name="form[priority]" data-testid="bulk-priority">
                    {keep()}
                    {t.priority_options().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button" disabled=pending>{t.bulk_apply}</button>
            <button type="button" class="link-button" on:click=move |_| picked.set(BTreeMap::new())>{t.bulk_clear}</button>
        </div>
    }
}

/// What the last change did: a toast for the tickets changed, and which were left alone and
/// why, to look at again.
#[component]
pub fn BulkResult(bulk: ServerAction<BulkUpdateTickets>) -> impl IntoView {
    let t: &'static Messages = use_messages();
    toast_successes(bulk, move |outcome| {
        fill(
            t.bulk_done,
            &[("count", &outcome.changed.len().to_string())],
        )
    });
    let left = move || {
        let outcome = bulk.value().get()?.ok()?;
        let mut lines = Vec::new();
        if !outcome.stale.is_empty() {
            lines.push(fill(t.bulk_stale, &[("tickets", &numbers(&outcome.stale))]));
        }
        if !outcome.refused.is_empty() {
            lines.push(fill(
                t.bulk_refused,
                &[("tickets", &numbers(&outcome.refused))],
            ));
        }
        (!lines.is_empty()).then(|| {
            view! {
                <div class="alert" role="alert" data-testid="bulk-left">
                    {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                </div>
            }
        })
    };
    view! {
        {left}
        <FormAlert answer=answer_of(bulk) with_fields=true />
    }
}
