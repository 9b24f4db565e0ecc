//! "My tasks", and the task list of a deal or a contact.

use leptos::prelude::*;
use uuid::Uuid;

use super::api::{CreateTask, FinishTask, my_tasks, record_tasks};
use super::types::Task;
use crate::customers::api::list_assignees;
use crate::customers::views::ContactPanel;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// The user's open tasks in three groups, and a new one.
#[component]
pub fn TasksPage() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateTask>::new();
    let finish = ServerAction::<FinishTask>::new();
    let tasks = Resource::new(
        move || (create.version().get(), finish.version().get()),
        |_| my_tasks(),
    );
    let viewer = use_viewer();
    view! {
        <Page title=t.tasks_title>
            <NewTask create deal_id=None contact_id=None />
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    tasks.await.map(|mine| {
                        let groups = [
                            ("overdue", t.tasks_overdue, mine.overdue),
                            ("today", t.tasks_today, mine.today),
                            ("upcoming", t.tasks_upcoming, mine.upcoming),
                        ];
                        groups.into_iter().map(|(id, title, tasks)| view! {
                            <section class="card" data-testid=format!("tasks-{id}")>
                                <h2>{title}</h2>
                                <TaskRows tasks zone=zone.clone() finish />
                            </section>
                        }).collect_view()
                    })
                })}
            </Loading>
        </Page>
    }
}

/// A deal's or a contact's tasks, with a form to add one.
#[component]
pub fn RecordTasks(deal_id: Option<Uuid>, contact_id: Option<Uuid>, zone: String) -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateTask>::new();
    let finish = ServerAction::<FinishTask>::new();
    let tasks = Resource::new(
        move || (create.version().get(), finish.version().get()),
        move |_| record_tasks(deal_id, contact_id),
    );
    view! {
        <section class="card" data-testid="record-tasks">
            <h2>{t.tasks_title}</h2>
            <Loading>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move { tasks.await.map(|tasks| view! { <TaskRows tasks zone finish /> }) })
                }}
            </Loading>
            <NewTask create deal_id contact_id />
        </section>
    }
}

#[component]
fn TaskRows(tasks: Vec<Task>, zone: String, finish: ServerAction<FinishTask>) -> impl IntoView {
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

#[component]
fn NewTask(
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

/// A contact's tasks, as a section of their page.
pub fn contact_tasks_section(panel: &ContactPanel) -> AnyView {
    let zone = panel.viewer.time_zone.clone();
    view! { <RecordTasks deal_id=None contact_id=Some(panel.contact.id) zone /> }.into_any()
}
