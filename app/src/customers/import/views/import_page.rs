use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::core::code::TextCode;
use crate::customers::import::api::list_imports;
use crate::customers::import::types::ImportKind;
use crate::error::Invalid;
use crate::i18n::{format, request_locale, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// Choosing a file: a plain form post, so it works without JavaScript; the server answers
/// with the import's page, or back here with what was wrong with the file.
#[component]
pub fn ImportPage() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|json| serde_json::from_str::<Invalid>(&json).ok())
            .map(|why| view! { <div class="alert error" role="alert">{t.invalid(&why)}</div> })
    };
    let chosen = query.with_untracked(|q| q.get("kind")).unwrap_or_default();
    let recent = Resource::new(|| (), |_| list_imports());
    let viewer = use_viewer();
    view! {
        <Page title=t.import_title>
            <section class="card">
                <p class="muted">{t.import_intro}</p>
                {error}
                <form method="post" action="/api/imports" enctype="multipart/form-data" class="stack">
                    <label for="import-kind">{t.import_kind}</label>
                    <select id="import-kind" name="kind">
                        {ImportKind::ALL
                            .iter()
                            .map(|kind| {
                                view! {
                                    <option value=kind.as_str() selected=chosen == kind.as_str()>
                                        {t.import_kind(*kind)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <label for="import-file">{t.import_file}</label>
                    <input id="import-file" type="file" name="file" accept=".csv,.txt,text/csv" required />
                    <button class="button" type="submit">{t.import_upload}</button>
                </form>
            </section>
            <section class="card">
                <h2>{t.import_recent}</h2>
                <Loading>
                    {move || Suspend::new(async move {
                        let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                        recent.await.map(|jobs| {
                            let locale = request_locale();
                            if jobs.is_empty() {
                                return view! { <p class="muted">{t.import_none}</p> }.into_any();
                            }
                            view! {
                                <ul class="rows">
                                    {jobs
                                        .into_iter()
                                        .map(|job| {
                                            view! {
                                                <li>
                                                    <A href=format!("/import/{}", job.id)>{job.file_name}</A>
                                                    " · " {t.import_kind(job.kind)} " · "
                                                    {t.import_status(job.status)} " · "
                                                    <span class="muted">
                                                        {format::datetime(job.created_at, &zone, locale)}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        })
                    })}
                </Loading>
            </section>
        </Page>
    }
}
