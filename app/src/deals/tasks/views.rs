//! "My tasks", and the task list of a deal or a contact.

mod new_task;
mod record_tasks;
mod task_rows;
mod tasks_page;

pub use record_tasks::{RecordTasks, contact_tasks_section};
pub use task_rows::{TaskActions, TaskRows, task_actions};
pub use tasks_page::TasksPage;

use uuid::Uuid;

use crate::core::offline::Kept;
use crate::customers::types::Assignee;
use crate::deals::tasks::types::{Task, TaskForm, TaskGroups};

/// What the task screens read and write on the device's copy when the server cannot be
/// reached. The app gives it from the offline feature, which keeps the copy.
#[derive(Clone, Copy)]
pub struct KeptTasks {
    pub mine: fn() -> Kept<TaskGroups>,
    /// The people a task can be given to.
    pub people: fn() -> Kept<Vec<Assignee>>,
    pub add: fn(TaskForm) -> Kept<Task>,
    pub set_done: fn(Uuid, bool) -> Kept<Task>,
}
