//! The writes made offline as their user reviews them: the answers that need a decision
//! first (a value changed on both sides, a write the server refused), then what waits to be
//! sent.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::format::{day, money};
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::sync::types::{Conflict, DealValue, Decision, Outcome, Waiting, Write};
use crate::ui::page::Page;

/// What a write does, in a line.
fn describe(t: &Messages, waiting: &Waiting, write: &Write) -> String {
    let deal = |id: &Uuid| {
        waiting
            .deals
            .get(id)
            .cloned()
            .unwrap_or_else(|| t.sync_a_deal.to_owned())
    };
    match write {
        Write::MoveDeal { deal: id, to, .. } => {
            let stage = waiting.stages.get(&to.stage_id).map_or("", |s| t.preset(s));
            fill(t.sync_move, &[("title", &deal(id)), ("stage", stage)])
        }
        Write::EditDeal { deal: id, .. } => fill(t.sync_edit, &[("title", &deal(id))]),
        Write::AddDeal { deal } => fill(t.sync_add_deal, &[("title", &deal.title)]),
        Write::Log { form, .. } => fill(t.sync_log, &[("subject", &form.subject)]),
        Write::AddTask { task } => fill(t.sync_add_task, &[("title", &task.title)]),
        Write::SetTaskDone { .. } => t.sync_task_done.to_owned(),
        Write::AddContact { contact } => fill(t.sync_add_contact, &[("name", &contact.name)]),
    }
}

fn field(t: &Messages, value: &DealValue) -> &'static str {
    match value {
        DealValue::Title(_) => t.sync_field_title,
        DealValue::Amount(_) => t.sync_field_amount,
        DealValue::ExpectedClose(_) => t.sync_field_close,
        DealValue::Stage { .. } => t.sync_field_stage,
    }
}

fn shown(t: &'static Messages, locale: Locale, value: &DealValue) -> String {
    match value {
        DealValue::Title(title) => title.clone(),
        DealValue::Amount(amount) => money(amount, locale),
        DealValue::ExpectedClose(close) => close.map_or_else(|| "—".to_owned(), |d| day(d, locale)),
        DealValue::Stage { name, .. } => t.preset(name).to_owned(),
    }
}

/// What the user wrote, as lines of text to keep elsewhere: every filled-in field of the
/// write.
fn written(t: &Messages, waiting: &Waiting, write: &Write) -> String {
    let mut lines = vec![describe(t, waiting, write)];
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(write) {
        for value in fields.values() {
            if let serde_json::Value::Object(inner) = value {
                lines.extend(inner.iter().filter_map(|(name, v)| match v {
                    serde_json::Value::String(s) if !s.is_empty() => Some(format!("{name}: {s}")),
                    _ => None,
                }));
            }
        }
    }
    lines.join("\n")
}

/// The device's list of what waits, and the user's decisions on it.
#[component]
pub fn SyncPage() -> impl IntoView {
    let t = use_messages();
    let changed = RwSignal::new(0_u32);
    let copy = use_context::<super::FieldCopy>();
    let waiting = LocalResource::new(move || {
        changed.track();
        if let Some(copy) = copy {
            copy.0.track();
        }
        load()
    });
    view! {
        <Page title=t.sync_title>
            <p class="muted">{t.sync_intro}</p>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    waiting.await.map(|waiting| view! { <Lists waiting changed /> })
                })}
            </Suspense>
        </Page>
    }
}

async fn load() -> Option<Waiting> {
    #[cfg(feature = "hydrate")]
    {
        let user = crate::core::offline::remembered()?.user.id;
        super::super::decide::waiting(user).await.ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Runs a decision on the device, then reads the lists again.
fn decide(changed: RwSignal<u32>, write: Uuid, choice: Choice) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        use super::super::decide;
        if let Some(user) = crate::core::offline::remembered().map(|v| v.user.id) {
            let _ = match choice {
                Choice::Keep { conflict, mine } => {
                    decide::settle(user, write, conflict, mine).await
                }
                Choice::Discard => decide::discard(user, write).await,
            };
        }
        changed.update(|n| *n = n.wrapping_add(1));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (changed, write, choice);
}

#[derive(Clone, Copy)]
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "decisions are made in the browser")
)]
enum Choice {
    Keep { conflict: usize, mine: bool },
    Discard,
}

#[component]
fn Lists(waiting: Waiting, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let decisions: Vec<_> = waiting
        .decisions
        .iter()
        .map(|d| view! { <DecisionRows decision=d.clone() waiting=waiting.clone() changed /> })
        .collect();
    let queue: Vec<_> = waiting
        .queue
        .iter()
        .map(|q| view! { <li data-testid="queued">{describe(t, &waiting, &q.write)}</li> })
        .collect();
    view! {
        <section class="card" data-testid="sync-decisions">
            <h2>{t.sync_decisions}</h2>
            {if decisions.is_empty() {
                view! { <p class="muted">{t.sync_decisions_none}</p> }.into_any()
            } else {
                view! { <ul class="rows">{decisions}</ul> }.into_any()
            }}
        </section>
        <section class="card" data-testid="sync-queue">
            <h2>{t.sync_queue}</h2>
            {if queue.is_empty() {
                view! { <p class="muted">{t.sync_queue_none}</p> }.into_any()
            } else {
                view! { <ol class="rows">{queue}</ol> }.into_any()
            }}
        </section>
    }
}

#[component]
fn DecisionRows(decision: Decision, waiting: Waiting, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let write = decision.queued.id;
    match decision.outcome {
        Outcome::Conflicts(conflicts) => conflicts
            .into_iter()
            .enumerate()
            .map(|(index, conflict)| view! { <ConflictRow conflict index write waiting=waiting.clone() changed /> })
            .collect_view()
            .into_any(),
        Outcome::Refused(err) => {
            let text = written(t, &waiting, &decision.queued.write);
            let copied = RwSignal::new(false);
            let copy = move |_| {
                #[cfg(feature = "hydrate")]
                let _ = window().navigator().clipboard().write_text(&text);
                #[cfg(not(feature = "hydrate"))]
                let _ = &text;
                copied.set(true);
            };
            view! {
                <li class="decision" data-testid="refused">
                    <strong>{describe(t, &waiting, &decision.queued.write)}</strong>
                    <p class="error">{fill(t.sync_refused, &[("reason", &t.refusal(&err))])}</p>
                    <div class="actions">
                        <button type="button" class="button secondary" on:click=copy>
                            {move || if copied.get() { t.sync_copied } else { t.sync_copy }}
                        </button>
                        <button type="button" class="button secondary" on:click=move |_| decide(changed, write, Choice::Discard)>
                            {t.sync_discard}
                        </button>
                    </div>
                </li>
            }
            .into_any()
        }
        Outcome::Applied => ().into_any(),
    }
}

#[component]
fn ConflictRow(
    conflict: Conflict,
    index: usize,
    write: Uuid,
    waiting: Waiting,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let title = waiting
        .deals
        .get(&conflict.deal)
        .cloned()
        .unwrap_or_else(|| t.sync_a_deal.to_owned());
    let heading = fill(
        t.sync_conflict,
        &[("title", &title), ("field", field(t, &conflict.mine))],
    );
    let by = match (&conflict.by, conflict.at) {
        (Some(name), Some(at)) => Some(fill(
            t.sync_theirs_by,
            &[("name", name), ("time", &day(at.date_naive(), locale))],
        )),
        _ => None,
    };
    let keep = move |mine| {
        move |_| {
            decide(
                changed,
                write,
                Choice::Keep {
                    conflict: index,
                    mine,
                },
            )
        }
    };
    view! {
        <li class="decision" data-testid="conflict">
            <strong>{heading}</strong>
            <dl class="facts">
                <dt>{t.sync_mine}</dt>
                <dd data-testid="mine">{shown(t, locale, &conflict.mine)}</dd>
                <dt>{t.sync_theirs}</dt>
                <dd data-testid="theirs">
                    {shown(t, locale, &conflict.theirs)}
                    {by.map(|by| view! { <span class="muted">" · "{by}</span> })}
                </dd>
            </dl>
            <div class="actions">
                <button type="button" class="button" on:click=keep(true)>{t.sync_keep_mine}</button>
                <button type="button" class="button secondary" on:click=keep(false)>{t.sync_keep_theirs}</button>
            </div>
        </li>
    }
}
