use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::report::Report;
use crate::i18n::{fill, use_messages};
use crate::tickets::report::api::get_sla_report;
use crate::tickets::report::types::SPANS;
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// How the desk kept its promises over a span of days: the targets met and missed, overall,
/// by priority and by agent, and how requesters rated it.
#[component]
pub fn ReportPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let days = Memo::new(move |_| {
        params
            .with(|p| p.get("days"))
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| SPANS.contains(d))
            .unwrap_or(SPANS[0])
    });
    let report = Resource::new(move || days.get(), get_sla_report);
    view! {
        <Page title=t.report_title>
            <div class="toolbar">
                <A href="/tickets" attr:class="button secondary">{t.inbox_title}</A>
                <A href="/tickets/desk" attr:class="button secondary">{t.desk_title}</A>
            </div>
            <nav class="tabs" aria-label=t.report_span data-testid="report-spans">
                {move || {
                    let current = days.get();
                    let mut spans = SPANS;
                    spans.sort_unstable();
                    spans.map(|d| view! {
                        <a href=format!("/tickets/report?days={d}") class="tab" aria-current=(d == current).then_some("page")>
                            {fill(t.report_days, &[("days", &d.to_string())])}
                        </a>
                    }).collect_view()
                }}
            </nav>
            <Loading>
                {move || Suspend::new(async move { report.await.map(|report| view! { <Report report /> }) })}
            </Loading>
        </Page>
    }
}
