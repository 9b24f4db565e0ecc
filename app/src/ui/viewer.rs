use leptos::prelude::*;

use crate::core::actor::Viewer;
use crate::error::AppError;

/// The signed-in user, loaded once per page load for every screen inside the app's frame.
pub type ViewerResource = Resource<Result<Option<Viewer>, AppError>>;

pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}
