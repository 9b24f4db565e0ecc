//! The campaign job: starts a scheduled campaign when its time comes, freezing its audience
//! and queueing its messages for the mail job.

use app::campaigns::campaign::service::sending;
use app::core::events::Event;
use app::core::outbox::Stored;
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

    async fn start(&self, stored: &Stored) -> Result<(), String> {
        let Event::CampaignStart(start) = stored.event()? else {
            return Err(format!("{} does not start a campaign", stored.topic));
        };
        sending::start(&self.conn, start, Utc::now())
            .await
            .map_err(|err| format!("database: {err}"))
    }
}

impl Handler for Starter {
    fn handle<'a>(&'a self, event: &'a Stored) -> HandlerFuture<'a> {
        Box::pin(self.start(event))
    }
}

#[cfg(test)]
mod tests;
