//! The server functions of teams, for the owner's user administration.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::Team;
#[cfg(feature = "ssr")]
use super::types::TeamForm;
use crate::core::actor::User;
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

#[server]
pub async fn list_teams() -> Result<Vec<Team>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?).await
}

#[server]
pub async fn create_team(name: String, lead_id: String) -> Result<Team, AppError> {
    let form = TeamForm { name, lead_id };
    super::service::create(&context::conn()?, &context::actor()?, &form).await
}

#[server]
pub async fn update_team(
    id: Uuid,
    name: String,
    lead_id: String,
    version: i32,
) -> Result<Team, AppError> {
    let form = TeamForm { name, lead_id };
    super::service::update(&context::conn()?, &context::actor()?, id, &form, version).await
}

#[server]
pub async fn delete_team(id: Uuid) -> Result<(), AppError> {
    super::service::delete(&context::conn()?, &context::actor()?, id).await
}

/// Puts a teammate in a team (`team` empty: in none).
#[server]
pub async fn assign_team(id: Uuid, team: String, version: i32) -> Result<User, AppError> {
    let team = match team.trim() {
        "" => None,
        text => Some(
            Uuid::parse_str(text)
                .map_err(|_| AppError::invalid("team", crate::error::Invalid::Choice))?,
        ),
    };
    super::service::assign(&context::conn()?, &context::actor()?, id, team, version).await
}
