//! The REST endpoints, one family per file: what the browser reaches outside server functions
//! (file uploads and downloads, exports) and what other programs and mail reach (inbound mail,
//! web forms, the tracker and one-click unsubscribe of campaign mail, the health check), and
//! the REST API of other programs (`v1`). They call the same services as the server functions;
//! their errors are problem details.

pub mod attachments;
pub mod export;
pub mod health;
pub mod imports;
pub mod inbound;
pub mod tracking;
pub mod unsubscribe;
pub mod v1;
pub mod web_forms;

use app::campaigns::campaign::service::tracking as mail_tracking;
use axum::routing::{MethodRouter, get, post};

use crate::http::state::AppState;

/// The value of the query parameter `name`, as axum's `Query<Vec<(String, String)>>` reads
/// them: the first, when it is given more than once.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Every REST route, by its path: the router serves them, and the access matrix asks each.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(health::healthz)),
        ("/api/v1/contacts", get(v1::contacts::list)),
        ("/api/v1/contacts/{id}", get(v1::contacts::one)),
        ("/api/v1/deals/{id}", get(v1::deals::one)),
        ("/api/v1/tickets", get(v1::tickets::list)),
        ("/api/v1/tickets/{id}", get(v1::tickets::one)),
        ("/api/export/contacts", get(export::contacts)),
        ("/api/audit.csv", get(export::audit)),
        ("/api/export/contacts/{id}", get(export::contact)),
        (imports::PATH, post(imports::upload)),
        ("/api/imports/{id}/rejected.csv", get(imports::rejected)),
        ("/api/tickets/{id}/attachments", post(attachments::upload)),
        ("/api/attachments/{id}", get(attachments::download)),
        (inbound::PATH, post(inbound::email)),
        (
            unsubscribe::ONE_CLICK,
            post(unsubscribe::one_click).get(unsubscribe::open),
        ),
        (mail_tracking::OPEN_PATH, get(tracking::open)),
        (mail_tracking::CLICK_PATH, get(tracking::click)),
        (
            "/f/{key}",
            post(web_forms::submit).options(web_forms::preflight),
        ),
    ]
}
