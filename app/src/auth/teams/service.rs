//! Teams and their people, for the owner; every change audited and versioned.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::types::{Team, TeamForm};
use crate::core::actor::Actor;
use crate::core::policy::{self, Action};
use crate::core::users::entity::{team, user};
use crate::core::users::{is_active, load};
use crate::core::{audit, parse, records};
use crate::error::{AppError, FieldCheck, Invalid};

/// The longest team name the table takes.
const NAME: usize = 80;

fn entry<'a>(actor: &Actor, action: &'a str, id: Uuid) -> audit::Entry<'a> {
    audit::Entry::new(Some(actor.user.id), action, "team", Some(id))
}

/// Every team, by name, with its lead and people.
pub async fn list(conn: &DatabaseConnection, actor: &Actor) -> Result<Vec<Team>, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "team.list").await?;
    let teams = team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(conn)
        .await?;
    to_teams(conn, teams).await
}

/// The teams as the page shows them, with their leads' and people's names, in a query each.
async fn to_teams<C: ConnectionTrait>(
    conn: &C,
    teams: Vec<team::Model>,
) -> Result<Vec<Team>, AppError> {
    let people = user::Entity::find()
        .filter(user::Column::TeamId.is_in(teams.iter().map(|t| t.id)))
        .order_by_asc(user::Column::Name)
        .all(conn)
        .await?;
    let mut members: HashMap<Uuid, Vec<String>> = HashMap::new();
    for person in people {
        if let Some(team) = person.team_id {
            members.entry(team).or_default().push(person.name);
        }
    }
    let leads = crate::core::users::names(conn, teams.iter().filter_map(|t| t.lead_id)).await?;
    Ok(teams
        .into_iter()
        .map(|t| Team {
            lead_name: t.lead_id.and_then(|lead| leads.get(&lead).cloned()),
            members: members.remove(&t.id).unwrap_or_default(),
            id: t.id,
            name: t.name,
            lead_id: t.lead_id,
            version: t.version,
        })
        .collect())
}

/// A team's name and lead as the form gives them, or each field's problem.
async fn checked<C: ConnectionTrait>(
    conn: &C,
    form: &TeamForm,
    id: Option<Uuid>,
) -> Result<(String, Option<Uuid>), AppError> {
    let mut check = FieldCheck::default();
    let name = check.check("name", parse::text(&form.name, NAME));
    if let Some(name) = &name {
        let mut same = team::Entity::find().filter(team::Column::Name.eq(name.as_str()));
        if let Some(id) = id {
            same = same.filter(team::Column::Id.ne(id));
        }
        if same.one(conn).await?.is_some() {
            check.refuse("name", Invalid::Taken);
        }
    }
    let lead = match form.lead_id.trim() {
        "" => Some(None),
        text => match Uuid::parse_str(text) {
            Ok(lead) if is_active(conn, lead).await? => Some(Some(lead)),
            _ => {
                check.refuse("lead_id", Invalid::Choice);
                None
            }
        },
    };
    let (Some(name), Some(lead)) = (name, lead) else {
        return Err(check.into_error());
    };
    check.finish()?;
    Ok((name, lead))
}

pub async fn create(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &TeamForm,
) -> Result<Team, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "team.create").await?;
    let (name, lead) = checked(conn, form, None).await?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    team::ActiveModel {
        id: Set(id),
        name: Set(name.clone()),
        lead_id: Set(lead),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(Some(now)),
    }
    .insert(&txn)
    .await?;
    let changes = serde_json::json!({ "name": name, "lead_id": lead });
    audit::record(&txn, entry(actor, "team.create", id).changes(changes)).await?;
    txn.commit().await?;
    one(conn, id).await
}

/// Renames a team or gives it another lead, provided nobody changed it since `version`.
pub async fn update(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    form: &TeamForm,
    version: i32,
) -> Result<Team, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "team.update").await?;
    let before = records::find_or_404::<team::Entity, _>(conn, id).await?;
    let (name, lead) = checked(conn, form, Some(id)).await?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let change = team::Entity::update_many()
        .col_expr(team::Column::Name, Expr::value(name.clone()))
        .col_expr(team::Column::LeadId, Expr::value(lead));
    records::update_versioned(&txn, change, id, version, now, async || one(&txn, id).await).await?;
    let changes = serde_json::json!({
        "name": [before.name, name],
        "lead_id": [before.lead_id, lead],
    });
    audit::record(&txn, entry(actor, "team.update", id).changes(changes)).await?;
    txn.commit().await?;
    one(conn, id).await
}

/// Ends a team; its people stay, in no team.
pub async fn delete(conn: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    policy::require(conn, actor, Action::ManageUsers, "team.delete").await?;
    let before = records::find_or_404::<team::Entity, _>(conn, id).await?;
    let txn = crate::core::db::write(conn).await?;
    // Their sessions read the team anew at their next request; the version says they changed.
    records::bumped(user::Entity::update_many(), Utc::now())
        .col_expr(user::Column::TeamId, Expr::value(Option::<Uuid>::None))
        .filter(user::Column::TeamId.eq(id))
        .exec(&txn)
        .await?;
    team::Entity::delete_by_id(id).exec(&txn).await?;
    let changes = serde_json::json!({ "name": before.name });
    audit::record(&txn, entry(actor, "team.delete", id).changes(changes)).await?;
    txn.commit().await?;
    Ok(())
}

/// Puts a person in a team, or in none, provided nobody changed them since `version`.
pub async fn assign(
    conn: &DatabaseConnection,
    actor: &Actor,
    person: Uuid,
    team: Option<Uuid>,
    version: i32,
) -> Result<crate::core::actor::User, AppError> {
    policy::require(conn, actor, Action::ManageUsers, "user.team").await?;
    if let Some(id) = team
        && team::Entity::find_by_id(id).one(conn).await?.is_none()
    {
        return Err(AppError::invalid("team", Invalid::Choice));
    }
    let before = load(conn, person).await?;
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let change = user::Entity::update_many().col_expr(user::Column::TeamId, Expr::value(team));
    records::update_versioned(&txn, change, person, version, now, async || {
        load(&txn, person).await
    })
    .await?;
    let changes = serde_json::json!({ "team_id": [before.team_id, team] });
    let record = audit::Entry::new(Some(actor.user.id), "user.team", "user", Some(person));
    audit::record(&txn, record.changes(changes)).await?;
    txn.commit().await?;
    load(conn, person).await
}

async fn one<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Team, AppError> {
    let model = records::find_or_404::<team::Entity, _>(conn, id).await?;
    Ok(to_teams(conn, vec![model]).await?.remove(0))
}
