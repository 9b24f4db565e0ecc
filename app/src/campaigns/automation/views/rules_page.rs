use leptos::prelude::*;

use super::trigger_label;
use crate::campaigns::automation::api::list_rules;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// Every rule, with what starts it and how its runs went.
#[component]
pub fn RulesPage() -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let viewer = use_viewer();
    let rules = Resource::new(|| (), |_| list_rules());
    view! {
        <Page title=t.automation_title>
            <p class="muted">{t.automation_intro}</p>
            <p><a class="button" href="/automation/new">{t.automation_new}</a></p>
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    rules.await.map(|lines| {
                        if lines.is_empty() {
                            return view! { <p class="empty">{t.automation_none}</p> }.into_any();
                        }
                        view! {
                            <ul class="rows card" data-testid="rules">
                                {lines.into_iter().map(|rule| {
                                    let (done, failed) = (rule.done.to_string(), rule.failed.to_string());
                                    let runs = fill(t.automation_runs_count, &[("done", &done), ("failed", &failed)]);
                                    let last = rule.last_run_at.map(|at| {
                                        format!(" · {} {}", t.automation_last_run, datetime(at, &zone, locale))
                                    });
                                    let state = if rule.enabled { t.automation_on } else { t.automation_off };
                                    view! {
                                        <li class="row" class:inactive=!rule.enabled>
                                            <div>
                                                <a href=format!("/automation/{}", rule.id)><strong>{rule.name}</strong></a>
                                                <p class="muted">{trigger_label(t, rule.trigger)} " · " {runs} {last}</p>
                                            </div>
                                            <span class="badge">{state}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    })
                })}
            </Loading>
        </Page>
    }
}
