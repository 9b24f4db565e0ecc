use leptos::prelude::*;

use super::KeptTasks;
use super::new_task::NewTask;
use super::task_rows::{TaskRows, task_actions};
use crate::core::offline::{served_or_kept, use_reach};
use crate::deals::tasks::api::{CreateTask, my_tasks};
use crate::i18n::use_messages;
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// The user's open tasks in three groups, and a new one.
#[component]
pub fn TasksPage() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateTask>::new();
    let actions = task_actions();
    let reach = use_reach();
    let kept = use_context::<KeptTasks>();
    let tasks = Resource::new(
        move || {
            (
                create.version().get(),
                actions.changes.get(),
                reach.back.get(),
            )
        },
        move |_| served_or_kept(reach, my_tasks(), kept.map(|k| k.mine)),
    );
    let viewer = use_viewer();
    view! {
        <Page title=t.tasks_title>
            <NewTask create deal_id=None contact_id=None added=actions.kept />
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
                                <TaskRows tasks zone=zone.clone() actions />
                            </section>
                        }).collect_view()
                    })
                })}
            </Loading>
        </Page>
    }
}
