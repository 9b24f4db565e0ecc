//! The campaign job: starts a scheduled campaign when its time comes, freezing its audience
//! and queueing its messages for the mail job.

use app::campaigns::campaign::service::sending;
use app::core::outbox::Event;
use chrono::Utc;
use sea_orm::DatabaseConnection;

use super::{Handler, HandlerFuture};

pub struct Starter {
    conn: DatabaseConnection,
}

impl Starter {
    pub fn new(conn: DatabaseConnection) -> Self {
        Starter { conn }
    }

    async fn start(&self, event: &Event) -> Result<(), String> {
        let start = serde_json::from_value(event.payload.clone())
            .map_err(|err| format!("unreadable campaign event: {err}"))?;
        sending::start(&self.conn, start, Utc::now())
            .await
            .map_err(|err| format!("database: {err}"))
    }
}

impl Handler for Starter {
    fn handle<'a>(&'a self, event: &'a Event) -> HandlerFuture<'a> {
        Box::pin(self.start(event))
    }
}

#[cfg(test)]
mod tests;
