//! Gathers a Today from the features that own each part, asking each only for what the
//! person's role works on.

use chrono::{DateTime, Utc};

use super::types::{CALLED_LATELY, Figures, MyTickets, Selling, Today};
use crate::core::actor::Actor;
use crate::core::policy::{self, Action, Rules};
use crate::core::settings;
use crate::customers::history::service::called_lately;
use crate::deals::pipelines::service as pipelines;
use crate::deals::service::forecast::{month_of, start_of};
use crate::deals::service::{attention, revenue};
use crate::deals::tasks::types::Task;
use crate::deals::types::{Card, Pipeline, Stage};
use crate::error::AppError;
use crate::tickets::report::service::satisfied_since;
use crate::tickets::service::inbox;
use crate::tickets::types::{InboxQuery, View};

/// At most this many of an agent's tickets; the inbox holds the rest.
const TICKETS: usize = 10;

pub async fn today(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Today, AppError> {
    let may = |action| policy::allows(&actor.user, action, Rules::default());
    let pipelines = match may(Action::CreateDeal) || may(Action::ReadFigures) {
        true => pipelines::all(conn).await?,
        false => Vec::new(),
    };
    let Due { tasks, stalled } = due(conn, actor, now, &pipelines).await?;
    let selling = match stalled {
        Some((stalled, stages)) => Some(Selling {
            closing: attention::closing(conn, actor, now).await?,
            stalled,
            stages,
            called: called_lately(conn, actor, CALLED_LATELY).await?,
        }),
        None => None,
    };
    let tickets = match may(Action::WorkTickets) {
        true => Some(my_tickets(conn, actor, now).await?),
        false => None,
    };
    let figures = match may(Action::ReadFigures) {
        true => Some(figures(conn, actor, now, &pipelines).await?),
        false => None,
    };
    Ok(Today {
        now,
        tasks,
        selling,
        tickets,
        figures,
    })
}

/// What a person has let slip or must do today: what Today shows first and the daily email
/// sends, so the two never differ.
pub struct Due {
    /// Their open tasks overdue or due today, the most overdue first.
    pub tasks: Vec<Task>,
    /// For whoever sells: their deals stalled in a stage of the pipelines, and those stages.
    pub stalled: Option<(Vec<Card>, Vec<Stage>)>,
}

pub async fn due(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    pipelines: &[Pipeline],
) -> Result<Due, AppError> {
    let mine = crate::deals::tasks::service::mine(conn, actor, now).await?;
    let stalled = match policy::allows(&actor.user, Action::CreateDeal, Rules::default()) {
        true => Some(attention::stalled(conn, actor, now, pipelines).await?),
        false => None,
    };
    Ok(Due {
        tasks: [mine.overdue, mine.today].concat(),
        stalled,
    })
}

async fn my_tickets(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<MyTickets, AppError> {
    let query = InboxQuery {
        view: View::Mine,
        ..InboxQuery::default()
    };
    let mut page = inbox::inbox(conn, actor, &query, now).await?;
    let more = page.more || page.rows.len() > TICKETS;
    page.rows.truncate(TICKETS);
    Ok(MyTickets {
        rows: page.rows,
        more,
    })
}

async fn figures(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    pipelines: &[Pipeline],
) -> Result<Figures, AppError> {
    let zone = settings::service::zone(conn).await?;
    let rates = settings::rates::get(conn).await?;
    let deals = revenue::visible(conn, actor).await?;
    let month = month_of(now, zone);
    let won = |month| revenue::won_in(conn, &deals, month, zone, &rates);
    let (pipeline, weighted) = revenue::pipeline(conn, &deals, &rates, pipelines).await?;
    let [last_month, this_month, next_month] =
        [month.back(1), month, month.next()].map(|m| start_of(m, zone));
    let added = |from, to| crate::customers::service::added_between(conn, actor, from, to);
    Ok(Figures {
        won: [
            won(month).await?,
            won(month.back(1)).await?,
            won(month.back(12)).await?,
        ],
        pipeline,
        weighted,
        new_customers: [
            added(this_month, next_month).await?,
            added(last_month, this_month).await?,
        ],
        open_tickets: inbox::count(conn, actor, View::Open, now).await?,
        satisfied: satisfied_since(conn, actor, now - chrono::Days::new(30)).await?,
        currency: rates.base,
    })
}
