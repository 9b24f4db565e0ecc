use leptos::prelude::*;

use crate::i18n::use_messages;
use crate::system::api::get_system_status;
use crate::system::types::SystemStatus;
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// The owner's check, under Settings, that the whole stack answers, with the event backlog
/// they should worry about.
#[component]
pub fn StatusPage() -> impl IntoView {
    let t = use_messages();
    let refreshes = RwSignal::new(0u32);
    let status = Resource::new(move || refreshes.get(), |_| get_system_status());

    view! {
        <Page title=t.status_title>
            <section class="card">
                <Loading>
                    {move || Suspend::new(async move {
                        status.await.map(|s| view! { <StatusTable status=s /> })
                    })}
                </Loading>
                <button class="button" on:click=move |_| refreshes.update(|n| *n += 1)>
                    {t.refresh}
                </button>
            </section>
        </Page>
    }
}

#[component]
fn StatusTable(status: SystemStatus) -> impl IntoView {
    let t = use_messages();
    let rows = [
        (t.status_version, status.version),
        (t.status_database, status.database.label().to_owned()),
        (t.status_migrations, status.migrations_applied.to_string()),
        (t.status_outbox_pending, status.outbox_pending.to_string()),
        (t.status_outbox_failed, status.outbox_dead.to_string()),
        (
            t.status_checked_at,
            status
                .checked_at
                .format("%Y-%m-%d %H:%M:%S UTC")
                .to_string(),
        ),
    ];
    view! {
        <dl class="facts" data-testid="system-status">
            {rows
                .into_iter()
                .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                .collect_view()}
        </dl>
    }
}
