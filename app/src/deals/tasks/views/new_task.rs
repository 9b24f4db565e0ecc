use leptos::prelude::*;
use uuid::Uuid;

use crate::customers::api::list_assignees;
use crate::deals::tasks::api::CreateTask;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::viewer::use_viewer;

/// Adds a task to the deal or contact given, or to neither; it is the user's unless they
/// choose a teammate.
#[component]
pub fn NewTask(
    create: ServerAction<CreateTask>,
    deal_id: Option<Uuid>,
    contact_id: Option<Uuid>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(create);
    let assignees = Resource::new(|| (), |_| list_assignees());
    let viewer = use_viewer();
    view! {
        <ActionForm action=create attr:class="card new-task" attr:data-testid="new-task">
            {deal_id.map(|id| view! { <input type="hidden" name="form[deal_id]" value=id.to_string() /> })}
            {contact_id.map(|id| view! { <input type="hidden" name="form[contact_id]" value=id.to_string() /> })}
            <div class="grid-form">
                <Field label=t.task_title name="title" group="form" required=true errors=errors_of(answer, "title") scope="task" />
                <Field label=t.task_due name="due" group="form" kind="datetime-local" required=true errors=errors_of(answer, "due") scope="task" />
                <Transition>
                    {move || Suspend::new(async move {
                        let me = viewer.await.ok().flatten().map(|v| v.user.id.to_string()).unwrap_or_default();
                        assignees.await.map(|people| {
                            let options = people.into_iter().map(|a| (a.id.to_string(), a.name)).collect();
                            view! { <Select label=t.task_assignee name="assignee_id" group="form" options selected=me errors=errors_of(answer, "assignee_id") scope="task" /> }
                        })
                    })}
                </Transition>
            </div>
            <FormAlert answer />
            <button type="submit" class="button" disabled=create.pending()>{t.task_add}</button>
        </ActionForm>
    }
}
