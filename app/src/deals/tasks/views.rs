//! "My tasks", and the task list of a deal or a contact.

mod new_task;
mod record_tasks;
mod task_rows;
mod tasks_page;

pub use record_tasks::{RecordTasks, contact_tasks_section};
pub use task_rows::{TaskActions, TaskRows, task_actions};
pub use tasks_page::TasksPage;
