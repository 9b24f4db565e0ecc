use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// The record a page is about: the `:id` of its route, when it is one.
pub fn use_id_param() -> impl Fn() -> Option<Uuid> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    }
}
