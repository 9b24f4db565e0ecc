use leptos::prelude::*;
use uuid::Uuid;

use super::KeptTasks;
use crate::core::offline::{served_or_kept, use_reach};
use crate::customers::api::list_assignees;
use crate::deals::tasks::api::CreateTask;
use crate::deals::tasks::types::TaskForm;
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of, save_offline};
use crate::ui::viewer::use_viewer;

/// Adds a task to the deal or contact given, or to neither; it is the user's unless they
/// choose a teammate.
#[component]
pub fn NewTask(
    create: ServerAction<CreateTask>,
    deal_id: Option<Uuid>,
    contact_id: Option<Uuid>,
    /// Raised when a task was added on the device, offline.
    added: RwSignal<usize>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(create);
    let reach = use_reach();
    let port = use_context::<KeptTasks>();
    let assignees = Resource::new(
        || (),
        move |_| served_or_kept(reach, list_assignees(), port.map(|k| k.people)),
    );
    let viewer = use_viewer();
    let refused = RwSignal::new(None::<AppError>);
    let form = NodeRef::<leptos::html::Form>::new();
    let add_offline = save_offline(reach, move |posted| {
        let Some(port) = port else {
            return false;
        };
        let field = |name: &str| posted.get(&format!("form[{name}]"));
        let task = TaskForm {
            title: field("title"),
            due: field("due"),
            assignee_id: field("assignee_id"),
            deal_id: Uuid::parse_str(&field("deal_id")).ok(),
            contact_id: Uuid::parse_str(&field("contact_id")).ok(),
            id: None,
        };
        leptos::task::spawn_local(async move {
            match (port.add)(task).await {
                Ok(_) => {
                    refused.set(None);
                    if let Some(form) = form.get_untracked() {
                        form.reset();
                    }
                    added.update(|n| *n += 1);
                }
                Err(err) => refused.set(Some(err)),
            }
        });
        true
    });
    view! {
        <div on:submit:capture=add_offline>
        <ActionForm action=create node_ref=form attr:class="card new-task" attr:data-testid="new-task">
            {deal_id.map(|id| view! { <input type="hidden" name="form[deal_id]" value=id.to_string() /> })}
            {contact_id.map(|id| view! { <input type="hidden" name="form[contact_id]" value=id.to_string() /> })}
            <div class="grid-form">
                <Field label=t.task_title name="title" group="form" required=true errors=errors_of(answer, "title") scope="task" />
                <Field label=t.task_due name="due" group="form" kind="datetime-local" required=true errors=errors_of(answer, "due") scope="task" />
                <Transition>
                    {move || Suspend::new(async move {
                        let me = viewer.await.ok().flatten().map(|v| v.user.id.to_string()).unwrap_or_default();
                        assignees.await.map(|people| {
                            let options: Vec<_> = people.into_iter().map(|a| (a.id.to_string(), a.name)).collect();
                            view! { <Select label=t.task_assignee name="assignee_id" group="form" options selected=me errors=errors_of(answer, "assignee_id") scope="task" /> }
                        })
                    })}
                </Transition>
            </div>
            <FormAlert answer />
            {move || refused.get().map(|err| view! { <div class="alert error" role="alert">{t.refusal(&err)}</div> })}
            <button type="submit" class="button" disabled=create.pending()>{t.task_add}</button>
        </ActionForm>
        </div>
    }
}
