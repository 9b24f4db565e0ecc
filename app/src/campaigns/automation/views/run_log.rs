use leptos::prelude::*;
use uuid::Uuid;

use crate::campaigns::automation::api::rule_runs;
use crate::campaigns::automation::types::{Failure, Outcome, RunStatus, Skip};
use crate::i18n::format::datetime;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::viewer::use_viewer;

fn outcome(t: &Messages, outcome: &Outcome) -> String {
    match outcome {
        Outcome::AddedToList(list) => fill(t.automation_did_list, &[("list", list)]),
        Outcome::TaskCreated { title, assignee } => fill(
            t.automation_did_task,
            &[
                ("title", title),
                ("user", assignee.as_deref().unwrap_or(t.automation_nobody)),
            ],
        ),
        Outcome::AssignedTo(user) => fill(t.automation_did_assign, &[("user", user)]),
        Outcome::Mailed(email) => fill(t.automation_did_mail, &[("email", email)]),
        Outcome::Skipped(why) => match why {
            Skip::NoContact => t.automation_skip_no_contact,
            Skip::NoCompanyOwner => t.automation_skip_no_company_owner,
            Skip::NoEmail => t.automation_skip_no_email,
            Skip::Unsubscribed => t.automation_skip_unsubscribed,
        }
        .to_owned(),
    }
}

fn failure(t: &Messages, failure: &Failure) -> String {
    match failure {
        Failure::ListGone => t.automation_fail_list_gone.to_owned(),
        Failure::UserGone => t.automation_fail_user_gone.to_owned(),
        Failure::Other(why) => fill(t.automation_fail_other, &[("why", why)]),
    }
}

/// What the rule did lately, newest first: each run's contact, its actions' outcomes, and for
/// a failed run why, while it is tried again.
#[component]
pub fn RunLog(id: Uuid, version: i32) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let viewer = use_viewer();
    let again = RwSignal::new(0_u32);
    let runs = Resource::new(move || (version, again.get()), move |_| rule_runs(id));
    view! {
        <section class="card" data-testid="run-log">
            <h2>
                {t.automation_log} " "
                <button type="button" class="button secondary" on:click=move |_| again.update(|n| *n += 1)>{t.automation_log_reload}</button>
            </h2>
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    runs.await.map(|runs| {
                        if runs.is_empty() {
                            return view! { <p class="empty">{t.automation_log_empty}</p> }.into_any();
                        }
                        view! {
                            <ul class="rows">
                                {runs.into_iter().map(|run| {
                                    let (label, state) = match run.status {
                                        RunStatus::Done => (t.automation_run_done, "done"),
                                        RunStatus::Failed => (t.automation_run_failed, "failed"),
                                    };
                                    let attempts = (run.attempts > 1).then(|| {
                                        fill(t.automation_attempts, &[("n", &run.attempts.to_string())])
                                    });
                                    let who = match (run.contact_id, run.contact_name) {
                                        (Some(id), Some(name)) => view! { <a href=format!("/contacts/{id}")>{name}</a> }.into_any(),
                                        _ => view! { <span class="muted">{t.automation_no_contact}</span> }.into_any(),
                                    };
                                    view! {
                                        <li class="row" data-run=state>
                                            <div>
                                                <p>{who} " · " <span class="muted">{datetime(run.at, &zone, locale)}</span></p>
                                                <ul class="run-outcomes">
                                                    {run.outcomes.iter().map(|o| view! { <li>{outcome(t, o)}</li> }).collect_view()}
                                                </ul>
                                                {run.error.map(|f| view! { <p class="alert error">{failure(t, &f)}</p> })}
                                            </div>
                                            <span class="badge" class:warn=run.status == RunStatus::Failed>{label} {attempts.map(|a| format!(" · {a}"))}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    })
                })}
            </Loading>
        </section>
    }
}
