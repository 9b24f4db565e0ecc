use leptos::prelude::*;
use uuid::Uuid;

use super::types::{
    Board, BoardQuery, Card, CardPage, Deal, DealForm, Forecast, Move, NewDeal, StageChange,
};
use crate::error::AppError;

/// The board of one pipeline, as its filters select it. A fixed address, so the benchmark
/// can call it.
#[server(endpoint = "get_board")]
pub async fn get_board(query: BoardQuery) -> Result<Board, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::board(&conn, &signed, &query, chrono::Utc::now()).await
}

/// The next cards of a column, after the last one shown.
#[server]
pub async fn more_cards(
    query: BoardQuery,
    stage_id: Uuid,
    after: Uuid,
) -> Result<CardPage, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::more(&conn, &signed, &query, stage_id, after, chrono::Utc::now()).await
}

/// Moves a card the user dropped; a stale version is a conflict that carries the deal as it is.
#[server]
pub async fn move_deal(id: Uuid, version: i32, to: Move) -> Result<Card, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::move_deal(&conn, &signed, id, version, &to, chrono::Utc::now()).await
}

/// Adds a deal at the top of a column, or for a contact from their page.
#[server]
pub async fn create_deal(deal: NewDeal) -> Result<Card, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::create(&conn, &signed, &deal).await
}

/// One deal, for its page and its edit form.
#[server]
pub async fn get_deal(id: Uuid) -> Result<Deal, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::get(&conn, &signed, id).await
}

/// The stages a deal went through, for its page.
#[server]
pub async fn deal_history(id: Uuid) -> Result<Vec<StageChange>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::history(&conn, &signed, id).await
}

/// Saves an edit of the version the user read; a stale one is a conflict, never an overwrite.
#[server]
pub async fn update_deal(id: Uuid, version: i32, form: DealForm) -> Result<Deal, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let deal = super::service::update(&conn, &signed, id, version, &form).await?;
    crate::core::context::redirect(&format!("/deals/{id}"));
    Ok(deal)
}

/// A contact's deals, for their page.
#[server]
pub async fn contact_deals(contact_id: Uuid) -> Result<Vec<Card>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    crate::customers::service::get(&conn, &signed, contact_id).await?;
    super::service::of_contact(&conn, &signed, contact_id).await
}

/// The forecast of one pipeline: weighted by close month, projected from won revenue, and
/// the win rate and days per stage.
#[server]
pub async fn get_forecast(pipeline: Option<Uuid>) -> Result<Forecast, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::forecast(&conn, &signed, pipeline, chrono::Utc::now()).await
}
