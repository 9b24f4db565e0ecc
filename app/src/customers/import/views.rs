//! The import screens: choose a file, then on the import's own page map its columns, see
//! the cleaned preview, choose what to do with duplicates, and follow the job to its report.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{StartImport, get_import, list_imports, preview_import};
use super::types::{
    DayOrder, Field, ImportJob, ImportKind, ImportOptions, ImportStatus, MatchKey, OnDuplicate,
    Preview,
};
use crate::core::code::TextCode;
use crate::error::{AppError, Invalid};
use crate::i18n::{fill, format, request_locale, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
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

/// Columns, duplicates and the preview, then the start.
#[component]
fn Setup(job: ImportJob, on_start: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let t = use_messages();
    let id = job.id;
    let kind = job.kind;
    let columns = RwSignal::new(job.options.columns.clone());
    let on_duplicate = RwSignal::new(job.options.on_duplicate);
    let match_keys = RwSignal::new(job.options.match_keys.clone());
    let day_order = RwSignal::new(job.options.day_order);
    let options = Memo::new(move |_| ImportOptions {
        columns: columns.get(),
        on_duplicate: on_duplicate.get(),
        match_keys: match_keys.get(),
        day_order: day_order.get(),
    });
    let preview = Resource::new(
        move || options.get(),
        move |options| preview_import(id, options),
    );
    let start = ServerAction::<StartImport>::new();
    let answer = answer_of(start);
    Effect::new(move |_| {
        if matches!(start.value().get(), Some(Ok(_))) {
            on_start();
        }
    });
    let headers = job.headers.clone();
    let mapping = headers
        .into_iter()
        .enumerate()
        .map(|(index, header)| {
            let select_id = format!("column-{index}");
            let current = move || columns.with(|c| c.get(index).copied().flatten());
            let choose = move |ev| {
                let value = event_target_value(&ev);
                columns.update(|c| {
                    if let Some(slot) = c.get_mut(index) {
                        *slot = Field::parse(&value);
                    }
                });
            };
            view! {
                <tr>
                    <td><label for=select_id.clone()>{header}</label></td>
                    <td>
                        <select id=select_id on:change=choose>
                            <option value="" selected=move || current().is_none()>{t.import_column_ignored}</option>
                            {kind
                                .fields()
                                .iter()
                                .map(|field| {
                                    let field = *field;
                                    view! {
                                        <option value=field.as_str() selected=move || current() == Some(field)>
                                            {t.import_field(field)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t.import_mapping} " · " {job.file_name.clone()}</h2>
            <p class="muted">{t.import_mapping_hint}</p>
            <table class="mapping">
                <tbody>{mapping}</tbody>
            </table>
        </section>
        <section class="card">
            <h2>{t.import_duplicates}</h2>
            <Duplicates kind on_duplicate match_keys day_order />
        </section>
        <section class="card">
            <h2>{t.import_preview}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    let shown = match preview.await {
                        Ok(preview) => {
                            view! {
                                <PreviewTable preview />
                                <button
                                    class="button"
                                    type="button"
                                    disabled=move || start.pending().get()
                                    on:click=move |_| {
                                        start.dispatch(StartImport { id, options: options.get_untracked() });
                                    }
                                >
                                    {t.import_start}
                                </button>
                            }
                                .into_any()
                        }
                        Err(err) => view! { <div class="alert error" role="alert">{t.error(&err)}<ul>{
                            err_fields(&err, t)
                        }</ul></div> }.into_any(),
                    };
                    Ok::<_, AppError>(shown)
                })}
            </Loading>
            <FormAlert answer />
        </section>
    }
}

/// Each refused choice, by the field it is about: "Order number: Enter a value."
fn err_fields(err: &AppError, t: &'static crate::i18n::Messages) -> impl IntoView + use<> {
    let lines = match err {
        AppError::Validation(fields) => fields
            .iter()
            .map(|(field, whys)| {
                t.row_reasons(&[(field.clone(), whys.clone())].into_iter().collect())
            })
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    lines
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view()
}

/// What to do with rows that match a record already there, and how to read dates.
#[component]
fn Duplicates(
    kind: ImportKind,
    on_duplicate: RwSignal<OnDuplicate>,
    match_keys: RwSignal<Vec<MatchKey>>,
    day_order: RwSignal<DayOrder>,
) -> impl IntoView {
    let t = use_messages();
    let policies = [
        (OnDuplicate::Skip, t.import_dup_skip),
        (OnDuplicate::Update, t.import_dup_update),
        (OnDuplicate::Create, t.import_dup_create),
    ];
    let keys = [
        (MatchKey::Email, t.import_match_email),
        (MatchKey::Phone, t.import_match_phone),
        (MatchKey::NameCompany, t.import_match_name_company),
    ];
    let orders = [
        (DayOrder::DayFirst, t.import_day_first),
        (DayOrder::MonthFirst, t.import_month_first),
    ];
    view! {
        <fieldset>
            <legend>{t.import_on_duplicate}</legend>
            {policies
                .into_iter()
                .map(|(policy, label)| {
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name="on_duplicate"
                                value=policy.as_str()
                                prop:checked=move || on_duplicate.get() == policy
                                on:change=move |_| on_duplicate.set(policy)
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <Show when=move || kind == ImportKind::Contacts>
            <fieldset>
                <legend>{t.import_match_keys}</legend>
                {keys
                    .into_iter()
                    .map(|(key, label)| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    value=key.as_str()
                                    prop:checked=move || match_keys.with(|k| k.contains(&key))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        match_keys.update(|k| {
                                            k.retain(|x| *x != key);
                                            if on {
                                                k.push(key);
                                            }
                                        });
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </Show>
        <Show when=move || kind == ImportKind::Orders>
            <fieldset>
                <legend>{t.import_day_order}</legend>
                {orders
                    .into_iter()
                    .map(|(order, label)| {
                        view! {
                            <label class="check">
                                <input
                                    type="radio"
                                    name="day_order"
                                    prop:checked=move || day_order.get() == order
                                    on:change=move |_| day_order.set(order)
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </Show>
    }
}

/// The first rows after cleaning, and every refused row with its reasons.
#[component]
fn PreviewTable(preview: Preview) -> impl IntoView {
    let t = use_messages();
    let counts = fill(
        t.import_preview_counts,
        &[
            ("valid", &preview.valid.to_string()),
            ("invalid", &preview.invalid.to_string()),
        ],
    );
    let heads = preview
        .fields
        .iter()
        .map(|f| view! { <th scope="col">{t.import_field(*f)}</th> })
        .collect_view();
    let rows = preview
        .rows
        .iter()
        .map(|row| {
            let class = if row.reasons.is_empty() {
                ""
            } else {
                "refused"
            };
            view! {
                <tr class=class>
                    <td>{row.line}</td>
                    {row.values.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let listed = preview.problems.len() as u64;
    let more = (preview.invalid > listed)
        .then(|| view! { <p class="muted">{fill(t.import_problems_more, &[("count", &listed.to_string())])}</p> });
    let problems = preview
        .problems
        .iter()
        .map(|row| {
            view! {
                <li>
                    <strong>{t.import_line} " " {row.line}</strong>
                    ": " {t.row_reasons(&row.reasons)}
                </li>
            }
        })
        .collect_view();
    let has_problems = !preview.problems.is_empty();
    view! {
        <p class="preview-counts"><strong>{counts}</strong></p>
        <div class="table-scroll">
            <table class="preview">
                <thead>
                    <tr><th scope="col">{t.import_line}</th>{heads}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Show when=move || has_problems>
            <h3>{t.import_problems}</h3>
        </Show>
        <ul class="problems">{problems}</ul>
        {more}
    }
}

/// The job at work, or its report.
#[component]
fn Report(job: ImportJob) -> impl IntoView {
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
