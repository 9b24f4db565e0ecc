//! Fixtures for tests, here and in the server's crate: a workspace set up as the first-run
//! screen sets one up, and the segments campaigns are sent to. Fresh databases come from
//! `core::db::testing`.

use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub use crate::core::db::testing::TestDb;

/// Sets up the workspace as the first-run screen would and returns its owner, signed in.
pub async fn owner_of(
    conn: &DatabaseConnection,
    form: crate::workspace::types::SetupForm,
) -> crate::core::actor::Actor {
    let now = chrono::Utc::now();
    let device = crate::core::actor::Device::default();
    let (_, token) = crate::workspace::service::setup(conn, form, device, now)
        .await
        .expect("first-run setup");
    crate::auth::session::resolve(conn, &token, now)
        .await
        .expect("read the new session")
        .expect("the owner is signed in")
}

/// A rule-based segment of the contacts tagged `tag`, evaluated afresh whenever a campaign
/// sent to it starts: the audience of the campaign tests and benchmark.
pub async fn tagged_segment(
    conn: &DatabaseConnection,
    who: &crate::core::actor::Actor,
    name: &str,
    tag: &str,
) -> Uuid {
    use crate::customers::segments::types::{Definition, NewSegment};
    let query = crate::customers::types::ContactQuery {
        tag: Some(tag.into()),
        ..Default::default()
    };
    let segment = NewSegment {
        name: name.into(),
        definition: Definition::Rules(query),
        contacts: Vec::new(),
    };
    crate::customers::segments::service::create(conn, who, segment)
        .await
        .expect("a segment")
        .id
}
