//! A record's own changes on its page. The audit trail provides the section, so that records'
//! pages show it without knowing the trail.

use leptos::prelude::*;
use uuid::Uuid;

use crate::core::actor::Viewer;

/// Draws the changes of a record, by kind (`"deal"`) and id, for a viewer: nothing for whoever
/// may not read them.
#[derive(Clone, Copy)]
pub struct RecordChanges(pub fn(&'static str, Uuid, &Viewer) -> AnyView);

impl RecordChanges {
    pub fn of(self, kind: &'static str, id: Uuid, viewer: &Viewer) -> AnyView {
        (self.0)(kind, id, viewer)
    }
}

/// The changes section of records' pages, when the app provides one; read where a page is made,
/// not in its asynchronous parts.
pub fn use_record_changes() -> Option<RecordChanges> {
    use_context::<RecordChanges>()
}
