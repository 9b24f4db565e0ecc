use leptos::prelude::*;

use super::types::{ChainCheck, TrailPage, TrailQuery};
use crate::error::AppError;

#[server]
pub async fn get_trail(query: TrailQuery) -> Result<TrailPage, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::page(&server.conn, &signed, &query).await
}

#[server]
pub async fn check_trail() -> Result<ChainCheck, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::check(&server.conn, &signed, &server.key).await
}
