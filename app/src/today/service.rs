//! Gathers a Today from the features that own each part, asking each only for what the
//! person's role works on.

use chrono::{DateTime, Utc};

use super::types::{Figures, MyTickets, Selling, Today};
use crate::core::actor::Actor;
use crate::core::policy::{self, Action, Rules};
use crate::core::settings;
use crate::customers::history::service::called_lately;
use crate::deals::service::forecast::{month_of, start_of};
use crate::deals::service::{attention, revenue};
use crate::error::AppError;
use crate::tickets::report::service::satisfied_since;
use crate::tickets::service::inbox;
use crate::tickets::types::{InboxQuery, View};

/// At most this many of an agent's tickets; the inbox holds the rest.
const TICKETS: usize = 10;

/// The customers a rep called last that Today offers to call again.
const CALLED: usize = 5;

pub async fn today(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Today, AppError> {
    let user = &actor.user;
    let may = |action| policy::allows(user, action, Rules::default());
    let mine = crate::deals::tasks::service::mine(conn, actor, now).await?;
    let selling = match may(Action::CreateDeal) {
        true => Some(selling(conn, actor, now).await?),
        false => None,
    };
    let tickets = match may(Action::WorkTickets) {
        true => Some(my_tickets(conn, actor, now).await?),
        false => None,
    };
    let figures = match may(Action::ReadFigures) {
        true => Some(figures(conn, actor, now).await?),
        false => None,
    };
    Ok(Today {
        now,
        tasks: [mine.overdue, mine.today].concat(),
        selling,
        tickets,
        figures,
    })
}

async fn selling(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Selling, AppError> {
    let closing = attention::closing(conn, actor, now).await?;
    let (stalled, stages) = attention::stalled(conn, actor, now).await?;
    Ok(Selling {
        closing,
        stalled,
        stages,
        called: called_lately(conn, actor, CALLED).await?,
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
) -> Result<Figures, AppError> {
    let zone = settings::service::zone(conn).await?;
    let month = month_of(now, zone);
    let won = |month| revenue::won_in(conn, actor, month, zone);
    let (pipeline, weighted) = revenue::pipeline(conn, actor).await?;
    let [last_month, this_month, next_month] =
        [month.back(1), month, month.next()].map(|m| start_of(m, zone));
    let added = |from, to| crate::customers::service::added_between(conn, actor, from, to);
    Ok(Figures {
        currency: settings::rates::get(conn).await?.base,
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
    })
}
