//! Teams on SQLite and PostgreSQL: the owner's changes, checked and versioned, and what a
//! lead's "my team" holds.

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::service;
use super::types::TeamForm;
use crate::core::actor::{Actor, Role};
use crate::core::users::entity::user;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::deals::types::{BoardQuery, NewDeal, Whose};
use crate::error::{AppError, Invalid};

fn named(name: &str, lead: Option<&Actor>) -> TeamForm {
    TeamForm {
        name: name.into(),
        lead_id: lead.map(|l| l.user.id.to_string()).unwrap_or_default(),
    }
}

async fn version_of(conn: &DatabaseConnection, who: &Actor) -> i32 {
    user::Entity::find_by_id(who.user.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .version
}

async fn the_owner_names_teams_gives_them_leads_and_people(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let manager = teammate(conn, &owner, "manager@example.cn", Role::Manager).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;

    let north = service::create(conn, &owner, &named("华北销售组", Some(&manager)))
        .await
        .unwrap();
    assert_eq!(north.lead_name.as_deref(), Some("manager@example.cn"));
    assert!(north.members.is_empty());
    let taken = service::create(conn, &owner, &named("华北销售组", None))
        .await
        .unwrap_err();
    assert_eq!(taken.field("name"), [Invalid::Taken]);
    let nobody = TeamForm {
        lead_id: "not an id".into(),
        ..named("", None)
    };
    let refused = service::create(conn, &owner, &nobody).await.unwrap_err();
    assert_eq!(refused.field("name"), [Invalid::Required]);
    assert_eq!(refused.field("lead_id"), [Invalid::Choice]);
    assert_eq!(
        service::create(conn, &manager, &named("华南销售组", None))
            .await
            .unwrap_err(),
        AppError::Forbidden,
        "only the owner manages teams"
    );

    let version = version_of(conn, &rep).await;
    let placed = service::assign(conn, &owner, rep.user.id, Some(north.id), version)
        .await
        .unwrap();
    assert_eq!(placed.team_id, Some(north.id));
    let stale = service::assign(conn, &owner, rep.user.id, None, version).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");

    let renamed = service::update(
        conn,
        &owner,
        north.id,
        &named("北方组", None),
        north.version,
    )
    .await
    .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.lead_id), ("北方组", None));
    assert_eq!(renamed.members, ["rep@example.cn"]);
    let late = service::update(conn, &owner, north.id, &named("北组", None), north.version).await;
    assert!(
        matches!(late, Err(AppError::Conflict { .. })),
        "a stale edit: {late:?}"
    );
    assert_eq!(service::list(conn, &owner).await.unwrap()[0].name, "北方组");

    service::delete(conn, &owner, north.id).await.unwrap();
    assert!(service::list(conn, &owner).await.unwrap().is_empty());
    let left = user::Entity::find_by_id(rep.user.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(left.team_id, None, "its people stay, in no team");
    use crate::core::audit::entity as audit;
    let audited: Vec<String> = audit::Entity::find()
        .filter(audit::Column::RecordId.eq(north.id))
        .order_by_asc(audit::Column::At)
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert_eq!(audited, ["team.create", "team.update", "team.delete"]);
}
db_test!(the_owner_names_teams_gives_them_leads_and_people);

async fn a_lead_s_team_view_holds_the_deals_of_the_teams_they_lead(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let manager = teammate(conn, &owner, "manager@example.cn", Role::Manager).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let other = teammate(conn, &owner, "other@example.cn", Role::Sales).await;
    let south = service::create(conn, &owner, &named("华南销售组", Some(&manager)))
        .await
        .unwrap();
    let version = version_of(conn, &rep).await;
    service::assign(conn, &owner, rep.user.id, Some(south.id), version)
        .await
        .unwrap();

    let everyone = BoardQuery {
        whose: Some(Whose::Everyone),
        ..BoardQuery::default()
    };
    let board = crate::deals::service::board(conn, &owner, &everyone, Utc::now())
        .await
        .unwrap();
    for (who, title) in [(&rep, "南方的单"), (&other, "别组的单")] {
        let deal = NewDeal {
            title: title.into(),
            amount: "100".into(),
            stage_id: board.pipeline.stages[0].id,
            ..NewDeal::default()
        };
        crate::deals::service::create(conn, who, &deal)
            .await
            .unwrap();
    }
    let team = BoardQuery {
        whose: Some(Whose::Team),
        ..BoardQuery::default()
    };
    let titles: Vec<String> = crate::deals::service::board(conn, &manager, &team, Utc::now())
        .await
        .unwrap()
        .columns
        .into_iter()
        .flat_map(|column| column.cards)
        .map(|card| card.title)
        .collect();
    assert_eq!(titles, ["南方的单"]);
}
db_test!(a_lead_s_team_view_holds_the_deals_of_the_teams_they_lead);
