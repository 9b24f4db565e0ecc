use leptos::prelude::*;

use crate::deals::tasks::api::FinishTask;
use crate::deals::tasks::types::Task;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};

/// Tasks as rows, each ticked off or opened again in place, with the deal or contact it
/// is about.
#[component]
pub fn TaskRows(tasks: Vec<Task>, zone: String, finish: ServerAction<FinishTask>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    if tasks.is_empty() {
        return view! { <p class="muted">{t.tasks_none}</p> }.into_any();
    }
    view! {
        <ul class="rows task-rows">
            {tasks.into_iter().map(|task| {
                let link = task.deal_id.map(|id| (format!("/deals/{id}"), task.deal_title.clone().unwrap_or_default()))
                    .or_else(|| task.contact_id.map(|id| (format!("/contacts/{id}"), task.contact_name.clone().unwrap_or_default())));
                view! {
                    <li class="row task" class:done=task.done data-testid="task">
                        <ActionForm action=finish>
                            <input type="hidden" name="id" value=task.id.to_string() />
                            <input type="hidden" name="version" value=task.version.to_string() />
                            <input type="hidden" name="done" value=(!task.done).to_string() />
                            <button type="submit" class="link-button task-check" aria-label=if task.done { t.task_reopen } else { t.task_done }>
                                {if task.done { "☑" } else { "☐" }}
                            </button>
                        </ActionForm>
                        <span class="task-title">{task.title}</span>
                        <span class="muted">{datetime(task.due_at, &zone, locale)}</span>
                        <span class="muted">{task.assignee_name}</span>
                        {link.map(|(href, name)| view! { <a href=href>{name}</a> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
