//! The user's tasks from the copy, and tasks added and ticked off there.

use chrono::Utc;
use uuid::Uuid;

use super::deals::held;
use super::{device, queue, unread, zone};
use crate::core::device::Device;
use crate::core::offline::{Kept, remembered};
use crate::core::parse;
use crate::customers::types::Assignee;
use crate::deals::tasks::types::{Task, TaskForm, TaskGroups};
use crate::error::{AppError, FieldCheck};
use crate::sync::copy::{self, TASKS};
use crate::sync::types::Write;

/// The open tasks the copy keeps, the soonest due first.
pub(super) async fn open_tasks(device: &Device) -> Result<Vec<Task>, AppError> {
    let mut tasks: Vec<Task> = copy::records(device, TASKS).await.map_err(unread)?;
    tasks.retain(|t| !t.done);
    tasks.sort_by_key(|t| (t.due_at, t.id));
    Ok(tasks)
}

/// The user's open tasks, grouped as "my tasks" groups them.
pub fn my_tasks() -> Kept<TaskGroups> {
    Box::pin(async move {
        let tasks = open_tasks(&device().await?).await?;
        Ok(TaskGroups::of(tasks, Utc::now(), zone()))
    })
}

/// The people a task can be given to, as the copy last had them.
pub fn people() -> Kept<Vec<Assignee>> {
    Box::pin(async move { copy::people(&device().await?).await.map_err(unread) })
}

/// A task added offline: its id made here, its names from the copy.
pub fn add_task(form: TaskForm) -> Kept<Task> {
    Box::pin(async move {
        let me = remembered().ok_or(AppError::Unauthorized)?.user;
        let device = device().await?;
        let mut check = FieldCheck::default();
        let title = check.check("title", parse::text(&form.title, 200));
        let due = check.check("due", parse::local_datetime(&form.due, zone()));
        let (Some(title), Some(due_at)) = (title, due) else {
            return Err(check.into_error());
        };
        let people = copy::people(&device).await.map_err(unread)?;
        let assignee = Uuid::parse_str(form.assignee_id.trim()).unwrap_or(me.id);
        let deal_title = match form.deal_id {
            Some(deal) => Some(held(&device, deal).await?.deal.title),
            None => None,
        };
        let contact_name = match form.contact_id {
            Some(contact) => Some(
                copy::kept_contact(&device, contact)
                    .await
                    .map_err(unread)?
                    .name,
            ),
            None => None,
        };
        let id = Uuid::now_v7();
        let task = Task {
            id,
            title,
            due_at,
            assignee_id: Some(assignee),
            assignee_name: people
                .into_iter()
                .find(|p| p.id == assignee)
                .map(|p| p.name),
            deal_id: form.deal_id,
            deal_title,
            contact_id: form.contact_id,
            contact_name,
            done: false,
            version: 1,
        };
        let write = Write::AddTask {
            task: TaskForm {
                id: Some(id),
                ..form
            },
        };
        queue(&device, write, vec![copy::task(&task)]).await?;
        Ok(task)
    })
}

/// A task ticked off, or opened again, offline.
pub fn set_task_done(id: Uuid, done: bool) -> Kept<Task> {
    Box::pin(async move {
        let device = device().await?;
        let mut task: Task = copy::record(&device, TASKS, &id.to_string())
            .await
            .map_err(unread)?
            .ok_or(AppError::NotFound)?;
        task.done = done;
        let write = Write::SetTaskDone { task: id, done };
        queue(&device, write, vec![copy::task(&task)]).await?;
        Ok(task)
    })
}
