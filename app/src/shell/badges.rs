use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The counts the shell shows beside "Tasks", the inbox and the bell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badges {
    pub tasks_due: u64,
    /// Active tickets that are the user's or nobody's, for those who work tickets.
    pub tickets: u64,
    pub unread: u64,
}

/// The counts beside "Tasks", the inbox and the bell, which the frame asks for every minute.
#[server]
pub async fn get_badges() -> Result<Badges, AppError> {
    use crate::core::context;
    let (conn, actor) = (context::conn()?, context::actor()?);
    let now = chrono::Utc::now();
    Ok(Badges {
        tasks_due: crate::deals::tasks::service::due_count(&conn, &actor, now).await?,
        tickets: crate::tickets::service::waiting(&conn, &actor).await?,
        unread: crate::notifications::service::unread(&conn, &actor).await?,
    })
}
