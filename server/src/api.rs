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
use axum::http::Method;
use axum::routing::{MethodRouter, get, options, patch, post};

use crate::http::state::AppState;

/// The value of the query parameter `name`, as axum's `Query<Vec<(String, String)>>` reads
/// them: the first, when it is given more than once.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The query parameter `name` read as a `T` (an id, a number of days), or why not.
pub fn parsed_param<T: std::str::FromStr>(
    params: &[(String, String)],
    name: &str,
) -> Result<Option<T>, app::error::AppError> {
    param(params, name)
        .map(|value| {
            value
                .trim()
                .parse()
                .map_err(|_| app::error::AppError::invalid(name, app::error::Invalid::Type))
        })
        .transpose()
}

/// Every REST route, one per path and method: the router serves them, and the access matrix
/// asks each.
pub fn routes() -> Vec<(&'static str, Method, MethodRouter<AppState>)> {
    use Method as M;
    vec![
        ("/healthz", M::GET, get(health::healthz)),
        ("/api/v1/contacts", M::GET, get(v1::contacts::list)),
        ("/api/v1/contacts", M::POST, post(v1::contacts::create)),
        ("/api/v1/contacts/{id}", M::GET, get(v1::contacts::one)),
        (
            "/api/v1/contacts/{id}",
            M::PATCH,
            patch(v1::contacts::update),
        ),
        (
            "/api/v1/contacts/{id}/history",
            M::GET,
            get(v1::history::list),
        ),
        (
            "/api/v1/contacts/{id}/interactions",
            M::POST,
            post(v1::history::create),
        ),
        ("/api/v1/companies", M::GET, get(v1::companies::list)),
        ("/api/v1/companies/{id}", M::GET, get(v1::companies::one)),
        (
            "/api/v1/companies/{id}",
            M::PATCH,
            patch(v1::companies::update),
        ),
        ("/api/v1/pipelines", M::GET, get(v1::lists::pipelines)),
        ("/api/v1/segments", M::GET, get(v1::lists::segments)),
        ("/api/v1/orders", M::GET, get(v1::orders::list)),
        ("/api/v1/orders", M::POST, post(v1::orders::create)),
        ("/api/v1/orders/{id}", M::GET, get(v1::orders::one)),
        ("/api/v1/orders/{id}", M::PATCH, patch(v1::orders::update)),
        ("/api/v1/campaigns", M::GET, get(v1::campaigns::list)),
        ("/api/v1/campaigns/{id}", M::GET, get(v1::campaigns::one)),
        (
            "/api/v1/campaigns/{id}/report",
            M::GET,
            get(v1::campaigns::results),
        ),
        ("/api/v1/deals", M::GET, get(v1::deals::list)),
        ("/api/v1/deals", M::POST, post(v1::deals::create)),
        ("/api/v1/deals/{id}", M::GET, get(v1::deals::one)),
        ("/api/v1/deals/{id}", M::PATCH, patch(v1::deals::update)),
        ("/api/v1/tasks", M::GET, get(v1::tasks::mine)),
        ("/api/v1/tasks", M::POST, post(v1::tasks::create)),
        ("/api/v1/tasks/{id}", M::GET, get(v1::tasks::one)),
        ("/api/v1/tasks/{id}", M::PATCH, patch(v1::tasks::update)),
        ("/api/v1/tickets", M::GET, get(v1::tickets::list)),
        ("/api/v1/tickets", M::POST, post(v1::tickets::create)),
        ("/api/v1/tickets/{id}", M::GET, get(v1::tickets::one)),
        ("/api/v1/tickets/{id}", M::PATCH, patch(v1::tickets::update)),
        (
            "/api/v1/tickets/{id}/messages",
            M::POST,
            post(v1::tickets::add_message),
        ),
        ("/api/export/contacts", M::GET, get(export::contacts)),
        ("/api/audit.csv", M::GET, get(export::audit)),
        ("/api/export/contacts/{id}", M::GET, get(export::contact)),
        (imports::PATH, M::POST, post(imports::upload)),
        (
            "/api/imports/{id}/rejected.csv",
            M::GET,
            get(imports::rejected),
        ),
        (
            "/api/tickets/{id}/attachments",
            M::POST,
            post(attachments::upload),
        ),
        ("/api/attachments/{id}", M::GET, get(attachments::download)),
        (inbound::PATH, M::POST, post(inbound::email)),
        (
            unsubscribe::ONE_CLICK,
            M::POST,
            post(unsubscribe::one_click),
        ),
        (unsubscribe::ONE_CLICK, M::GET, get(unsubscribe::open)),
        (mail_tracking::OPEN_PATH, M::GET, get(tracking::open)),
        (mail_tracking::CLICK_PATH, M::GET, get(tracking::click)),
        ("/f/{key}", M::POST, post(web_forms::submit)),
        ("/f/{key}", M::OPTIONS, options(web_forms::preflight)),
    ]
}
