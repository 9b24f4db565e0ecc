use leptos::prelude::*;

use super::report::Report;
use super::setup::Setup;
use crate::customers::import::api::get_import;
use crate::customers::import::types::ImportStatus;
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;

/// One import, at whatever step it is.
#[component]
pub fn ImportJobPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let job = Resource::new(id, |id| async move {
        get_import(id.ok_or(AppError::NotFound)?).await
    });
    // While the job works, read its progress again every moment.
    Effect::new(move |_| {
        let working = job.with(|job| matches!(job, Some(Ok(job)) if job.is_working()));
        if working {
            set_timeout(move || job.refetch(), std::time::Duration::from_millis(700));
        }
    });
    view! {
        <Page title=t.import_title>
            <Loading>
                {move || Suspend::new(async move {
                    job.await.map(|current| match current.status {
                        ImportStatus::Draft => view! { <Setup job=current on_start=move || job.refetch() /> }.into_any(),
                        _ => view! { <Report job=current /> }.into_any(),
                    })
                })}
            </Loading>
        </Page>
    }
}
