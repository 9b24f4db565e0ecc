use leptos::prelude::*;
use uuid::Uuid;

use super::new_task::NewTask;
use super::task_rows::{TaskRows, task_actions};
use crate::customers::views::ContactPanel;
use crate::deals::tasks::api::{CreateTask, record_tasks};
use crate::i18n::use_messages;
use crate::ui::loading::Loading;

/// A deal's or a contact's tasks, with a form to add one.
#[component]
pub fn RecordTasks(deal_id: Option<Uuid>, contact_id: Option<Uuid>, zone: String) -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateTask>::new();
    let actions = task_actions();
    let tasks = Resource::new(
        move || (create.version().get(), actions.changes.get()),
        move |_| record_tasks(deal_id, contact_id),
    );
    view! {
        <section class="card" id="tasks" data-testid="record-tasks">
            <h2>{t.tasks_title}</h2>
            <Loading>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move { tasks.await.map(|tasks| view! { <TaskRows tasks zone actions /> }) })
                }}
            </Loading>
            <NewTask create deal_id contact_id added=actions.kept />
        </section>
    }
}

/// A contact's tasks, as a section of their page.
pub fn contact_tasks_section(panel: &ContactPanel) -> AnyView {
    let zone = panel.viewer.time_zone.clone();
    view! { <RecordTasks deal_id=None contact_id=Some(panel.contact.id) zone /> }.into_any()
}
