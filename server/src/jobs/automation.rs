//! The automation job: runs the rules an event starts. A rule that failed makes the event
//! fail, so the outbox tries it again; the rules that succeeded do not act twice.

use app::campaigns::automation::service::run;
use app::core::outbox::Stored;
use chrono::Utc;
use sea_orm::DatabaseConnection;

use super::{Handler, HandlerFuture};

pub struct Automation {
    conn: DatabaseConnection,
}

impl Automation {
    pub fn new(conn: DatabaseConnection) -> Self {
        Automation { conn }
    }

    async fn run(&self, event: &Stored) -> Result<(), String> {
        match run::handle(&self.conn, event, Utc::now()).await {
            Ok(0) => Ok(()),
            Ok(failed) => Err(format!(
                "{failed} automation rule(s) failed; see their run logs"
            )),
            Err(err) => Err(format!("database: {err}")),
        }
    }
}

impl Handler for Automation {
    fn handle<'a>(&'a self, event: &'a Stored) -> HandlerFuture<'a> {
        Box::pin(self.run(event))
    }
}
