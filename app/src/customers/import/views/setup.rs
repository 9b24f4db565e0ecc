use leptos::prelude::*;

use super::duplicates::Duplicates;
use super::preview_table::PreviewTable;
use crate::core::code::TextCode;
use crate::customers::import::api::{StartImport, preview_import};
use crate::customers::import::types::{Field, ImportJob, ImportOptions};
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;

/// Columns, duplicates and the preview, then the start.
#[component]
pub fn Setup(job: ImportJob, on_start: impl Fn() + Send + Sync + 'static) -> impl IntoView {
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
