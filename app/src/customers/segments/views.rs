mod save_filters;
mod save_segment_form;

pub use save_filters::SaveFilters;
pub use save_segment_form::SaveSegmentForm;

use crate::core::actor::Viewer;
use crate::core::policy::{self, Action, Rules};

/// Whether `viewer` keeps segments.
pub fn keeps(viewer: &Viewer) -> bool {
    policy::allows(&viewer.user, Action::ManageSegments, Rules::default())
}
