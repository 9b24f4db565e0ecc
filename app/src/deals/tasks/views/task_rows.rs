use leptos::prelude::*;

use crate::deals::tasks::api::{FinishTask, RescheduleTask, SnoozeTask};
use uuid::Uuid;

use super::KeptTasks;
use crate::core::offline::use_reach;
use crate::deals::tasks::types::Task;
use crate::i18n::format::{datetime, datetime_input};
use crate::i18n::{Locale, use_messages};
use crate::ui::form::{FormAlert, answer_of, save_offline, successes};

/// What a row does to its task: tick it off, put it off a day, or move it to a time.
#[derive(Clone, Copy)]
pub struct TaskActions {
    finish: ServerAction<FinishTask>,
    snooze: ServerAction<SnoozeTask>,
    reschedule: ServerAction<RescheduleTask>,
    /// Tasks ticked off or added on the device while offline.
    pub kept: RwSignal<usize>,
    /// Grows each time a task changed: what a list of tasks reloads on.
    pub changes: Signal<usize>,
}

/// A list's task actions, made with the list.
pub fn task_actions() -> TaskActions {
    let finish = ServerAction::<FinishTask>::new();
    let snooze = ServerAction::<SnoozeTask>::new();
    let reschedule = ServerAction::<RescheduleTask>::new();
    let counts = [successes(finish), successes(snooze), successes(reschedule)];
    let kept = RwSignal::new(0);
    TaskActions {
        finish,
        snooze,
        reschedule,
        kept,
        changes: Signal::derive(move || counts.iter().map(|n| n.get()).sum::<usize>() + kept.get()),
    }
}

/// Tasks as rows, each ticked off, snoozed or moved in place, with the deal or contact it is
/// about. Why a change was refused shows above them.
#[component]
pub fn TaskRows(tasks: Vec<Task>, zone: String, actions: TaskActions) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let alerts = view! {
        <FormAlert answer=answer_of(actions.finish) />
        <FormAlert answer=answer_of(actions.snooze) />
        <FormAlert answer=answer_of(actions.reschedule) with_fields=true />
    };
    if tasks.is_empty() {
        return view! { {alerts} <p class="muted">{t.tasks_none}</p> }.into_any();
    }
    let TaskActions {
        finish,
        snooze,
        reschedule,
        kept,
        ..
    } = actions;
    // Offline a task is ticked off on the device; putting one off needs the server.
    let port = use_context::<KeptTasks>();
    let tick_offline = save_offline(use_reach(), move |posted| {
        let (Some(port), Ok(id)) = (port, Uuid::parse_str(&posted.get("id"))) else {
            return false;
        };
        let done = match posted.get("done").as_str() {
            "true" => true,
            "false" => false,
            _ => return false,
        };
        leptos::task::spawn_local(async move {
            if (port.set_done)(id, done).await.is_ok() {
                kept.update(|n| *n += 1);
            }
        });
        true
    });
    view! {
        {alerts}
        <ul class="rows task-rows" on:submit:capture=tick_offline>
            {tasks.into_iter().map(|task| {
                let link = task.deal_id.map(|id| (format!("/deals/{id}"), task.deal_title.clone().unwrap_or_default()))
                    .or_else(|| task.contact_id.map(|id| (format!("/contacts/{id}"), task.contact_name.clone().unwrap_or_default())));
                let (id, version) = (task.id.to_string(), task.version.to_string());
                let (due_text, due_input) = (datetime(task.due_at, &zone, locale), datetime_input(task.due_at, &zone));
                let [snooze_id, move_id] = [id.clone(), id.clone()];
                let [snooze_version, move_version] = [version.clone(), version.clone()];
                let moves = match task.done {
                    true => None,
                    false => Some(view! {
                        <div class="task-moves">
                            <ActionForm action=snooze>
                                <input type="hidden" name="id" value=snooze_id />
                                <input type="hidden" name="version" value=snooze_version />
                                <button type="submit" class="link-button" disabled=snooze.pending()>{t.task_snooze}</button>
                            </ActionForm>
                            <details class="task-reschedule">
                                <summary class="link-button">{t.task_reschedule}</summary>
                                <ActionForm action=reschedule>
                                    <input type="hidden" name="id" value=move_id />
                                    <input type="hidden" name="version" value=move_version />
                                    <input type="datetime-local" name="due" required=true aria-label=t.task_due value=due_input />
                                    <button type="submit" class="button" disabled=reschedule.pending()>{t.save}</button>
                                </ActionForm>
                            </details>
                        </div>
                    }),
                };
                view! {
                    <li class="row task" class:done=task.done data-testid="task">
                        <ActionForm action=finish>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="version" value=version />
                            <input type="hidden" name="done" value=(!task.done).to_string() />
                            <button type="submit" class="link-button task-check" aria-label=if task.done { t.task_reopen } else { t.task_done }>
                                {if task.done { "☑" } else { "☐" }}
                            </button>
                        </ActionForm>
                        <span class="task-title">{task.title}</span>
                        <span class="muted">{due_text}</span>
                        <span class="muted">{task.assignee_name}</span>
                        {link.map(|(href, name)| view! { <a href=href>{name}</a> })}
                        {moves}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
