use leptos::prelude::*;

use crate::core::actor::Viewer;
use crate::error::AppError;

/// The signed-in user, loaded once per page load for every screen inside the app's frame.
pub type ViewerResource = Resource<Result<Option<Viewer>, AppError>>;

pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}

/// The signed-in user's time zone, for the times a screen shows; empty (UTC) until the viewer
/// has loaded.
pub fn use_time_zone() -> Signal<String> {
    let viewer = use_viewer();
    Signal::derive(move || {
        viewer
            .get()
            .and_then(|viewer| viewer.ok().flatten())
            .map(|viewer| viewer.time_zone)
            .unwrap_or_default()
    })
}
