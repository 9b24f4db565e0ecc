use leptos::prelude::*;
use leptos_router::components::A;

use crate::customers::import::types::{ImportJob, ImportStatus};
use crate::i18n::{fill, use_messages};

/// The job at work, or its report.
#[component]
pub fn Report(job: ImportJob) -> impl IntoView {
    let t = use_messages();
    let progress = fill(
        t.import_progress,
        &[
            ("processed", &job.processed.to_string()),
            ("total", &job.total.to_string()),
        ],
    );
    let heading = match job.status {
        ImportStatus::Done => t.import_done,
        ImportStatus::Failed => t.import_failed,
        other => t.import_status(other),
    };
    let counts = [
        (t.import_created, job.created),
        (t.import_updated, job.updated),
        (t.import_skipped, job.skipped),
        (t.import_rejected, job.rejected),
    ];
    let rejected = (job.rejected > 0 && !job.is_working()).then(|| {
        view! {
            <p>
                <a href=format!("/api/imports/{}/rejected.csv", job.id) download>
                    {t.import_download_rejected}
                </a>
            </p>
        }
    });
    view! {
        <section class="card" aria-live="polite">
            <h2>{heading} " · " {job.file_name.clone()}</h2>
            <progress max=job.total.max(1) value=job.processed aria-label=progress.clone()></progress>
            <p class="muted">{progress}</p>
            <dl class="report">
                {counts
                    .into_iter()
                    .map(|(label, n)| view! { <div><dt>{label}</dt><dd>{n}</dd></div> })
                    .collect_view()}
            </dl>
            {rejected}
            <p>
                <A href="/import">{t.import_again}</A>
                " · "
                <A href="/contacts">{t.nav_contacts}</A>
            </p>
        </section>
    }
}
