//! "Customers most like this one": the customers nearest to one by the source document's
//! normalized squared distance, over how recently, how often and how much they bought and for
//! how long they have been customers.
//!
//! The measure needs every buyer's features, which takes reading every order (about a second
//! at 100,000 customers); so the table is made once for the whole workspace, kept while the
//! orders, the day, the time zone and the exchange rates stay what they were, and narrowed per
//! reader to the customers they may see: a contact page asks only the few nearest.

use std::collections::HashMap;

use analytics::features::Table;
use analytics::history::Period;
use analytics::likeness::most_alike;
use chrono::{DateTime, NaiveDate, Utc};
use clean::rates::Rates;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::with_tickets;
use crate::core::actor::Actor;
use crate::core::memo::{self, Memo};
use crate::core::policy::{self, Action, Owned, Scope};
use crate::core::settings;
use crate::core::users;
use crate::customers::entity::contact;
use crate::customers::history::purchases;
use crate::customers::history::types::Customer;
use crate::dashboards::segmentation::feature_rows;
use crate::dashboards::types::{Alike, Feature};
use crate::error::AppError;

/// Customers listed.
const LISTED: usize = 5;

/// The nearest customers looked at first; most readers see most customers, so five of these
/// are theirs, and one who sees few asks again for eight times as many.
const FIRST_LOOK: usize = 40;

/// Customers sifted in one query: one who sees few may sift most of the workspace, and a
/// query takes only so many values (SQLite 32,766).
const SIFTED_AT_ONCE: usize = 1_000;

/// What the distance is measured over.
const FEATURES: [Feature; 4] = [
    Feature::Recency,
    Feature::Frequency,
    Feature::Monetary,
    Feature::Tenure,
];

/// Every buyer's features, scaled by their spread over all buyers.
struct Likeness {
    ids: Vec<Uuid>,
    rows: HashMap<Uuid, usize>,
    /// None without buyers.
    table: Option<Table>,
}

/// What a kept `Likeness` was made from.
#[derive(PartialEq)]
struct Stamp {
    orders: i64,
    today: NaiveDate,
    zone: chrono_tz::Tz,
    rates: Rates,
}

/// The customers the user may see that are most like `contact`, nearest first; none when the
/// contact has no orders to compare or is not theirs to see.
pub async fn alike(
    conn: &DatabaseConnection,
    memo: &Memo,
    actor: &Actor,
    contact: Uuid,
) -> Result<Vec<Alike>, AppError> {
    let own = Owned {
        owner: Some(actor.user.id),
        team: actor.user.team_id,
    };
    policy::require(conn, actor, Action::ViewCustomer(own), "analytics.alike").await?;
    // Read before the orders, so that a table made from newer orders is only made again.
    let orders = memo::revision(conn, "orders").await?;
    let zone = settings::service::zone(conn).await?;
    let stamp = Stamp {
        orders,
        today: chrono::Utc::now().with_timezone(&zone).date_naive(),
        zone,
        rates: settings::rates::get(conn).await?,
    };
    let today = stamp.today;
    let likeness = memo.get_or_make(stamp, likeness(conn, today)).await?;
    let (Some(&of), Some(table)) = (likeness.rows.get(&contact), &likeness.table) else {
        return Ok(Vec::new());
    };
    let scope = policy::scope(conn, actor).await?;
    if !shown(conn, scope, [contact]).await?.contains_key(&contact) {
        return Ok(Vec::new());
    }
    let mut found = Vec::with_capacity(LISTED);
    let (mut sifted, mut asked) = (0, FIRST_LOOK);
    loop {
        // The ranking is total (distance, then row), so a longer one starts with the shorter.
        let near = most_alike(table, of, asked);
        for batch in near[sifted..].chunks(SIFTED_AT_ONCE) {
            let ids = batch.iter().map(|&(i, _)| likeness.ids[i]);
            let mut names = shown(conn, scope, ids).await?;
            found.extend(batch.iter().filter_map(|&(i, distance)| {
                let id = likeness.ids[i];
                Some(Alike {
                    customer: Customer {
                        id,
                        name: names.remove(&id)?,
                    },
                    distance,
                })
            }));
            if found.len() >= LISTED {
                found.truncate(LISTED);
                return Ok(found);
            }
        }
        if near.len() < asked {
            return Ok(found);
        }
        (sifted, asked) = (near.len(), asked * 8);
    }
}

/// Every buyer's features up to `today`, from every revenue order in the workspace.
async fn likeness(conn: &DatabaseConnection, today: NaiveDate) -> Result<Likeness, AppError> {
    let ledger = with_tickets(purchases::of_everyone(conn, today).await?, &HashMap::new());
    tokio::task::spawn_blocking(move || {
        let rows = feature_rows(&ledger, &ledger.histories(Period::Month), &FEATURES);
        let ids: Vec<Uuid> = ledger.customers.iter().map(|c| c.id).collect();
        Likeness {
            rows: ids.iter().enumerate().map(|(i, &id)| (id, i)).collect(),
            ids,
            table: Table::new(&rows).ok().map(|t| t.scaled_by_spread()),
        }
    })
    .await
    .map_err(AppError::internal)
}

/// A contact as `shown` sifts them: id, name, owner, when archived.
type Sifted = (Uuid, String, Option<Uuid>, Option<DateTime<Utc>>);

/// The names of those of `contacts` that `scope` holds and are not archived. Found by their
/// ids alone and sifted here: asked for those conditions too, SQLite walks every live contact.
async fn shown(
    conn: &DatabaseConnection,
    scope: Scope,
    contacts: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let rows: Vec<Sifted> = contact::Entity::find()
        .select_only()
        .columns([
            contact::Column::Id,
            contact::Column::Name,
            contact::Column::OwnerId,
            contact::Column::ArchivedAt,
        ])
        .filter(contact::Column::Id.is_in(contacts))
        .into_tuple()
        .all(conn)
        .await?;
    let teams = match scope {
        Scope::All => HashMap::new(),
        Scope::OwnAndTeam { .. } => users::teams(conn, rows.iter().filter_map(|r| r.2)).await?,
    };
    Ok(rows
        .into_iter()
        .filter(|(_, _, owner, archived)| {
            let team = owner.and_then(|o| teams.get(&o).copied());
            archived.is_none()
                && scope.includes(Owned {
                    owner: *owner,
                    team,
                })
        })
        .map(|(id, name, ..)| (id, name))
        .collect())
}
