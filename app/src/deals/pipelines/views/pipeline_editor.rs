use leptos::prelude::*;

use crate::core::code::TextCode;
use crate::deals::pipelines::api::SavePipeline;
use crate::deals::pipelines::types::{PipelineForm, StageForm};
use crate::deals::types::StageKind;
use crate::i18n::use_messages;
use crate::ui::table_scroll::TableScroll;

/// One pipeline's form; its rows live in the browser until saved.
#[component]
pub fn PipelineEditor(form: PipelineForm, save: ServerAction<SavePipeline>) -> impl IntoView {
    let t = use_messages();
    let is_new = form.id.is_none();
    let name = RwSignal::new(form.name.clone());
    let rows = RwSignal::new(form.stages.clone());
    // Typing changes the rows without redrawing them, so the field keeps its focus; adding,
    // removing and reordering redraw.
    let edit = move |i: usize, f: fn(&mut StageForm, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            rows.update_untracked(|rows| {
                if let Some(row) = rows.get_mut(i) {
                    f(row, value);
                }
            });
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SavePipeline {
            form: PipelineForm {
                id: form.id,
                version: form.version,
                name: name.get_untracked(),
                stages: rows.get_untracked(),
            },
        });
    };
    let kinds = [StageKind::Open, StageKind::Won, StageKind::Lost];
    let kind_name = move |k: StageKind| match k {
        StageKind::Open => t.stage_kind_open,
        StageKind::Won => t.stage_kind_won,
        StageKind::Lost => t.stage_kind_lost,
    };
    let row_views = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let last = rows.with_untracked(Vec::len) - 1;
                view! {
                    <tr data-testid="stage-row">
                        <td><input type="text" aria-label=t.stage_name prop:value=row.name.clone() on:input=edit(i, |r, v| r.name = v) /></td>
                        <td><input type="number" min="0" max="100" aria-label=t.stage_probability prop:value=row.probability.clone() on:input=edit(i, |r, v| r.probability = v) /></td>
                        <td>
                            <select aria-label=t.stage_kind on:change=edit(i, |r, v| r.kind = v)>
                                {kinds.map(|k| view! { <option value=k.as_str() selected=k.as_str() == row.kind>{kind_name(k)}</option> }).collect_view()}
                            </select>
                        </td>
                        <td><input type="number" min="0" aria-label=t.stage_rotting prop:value=row.rotting_days.clone() on:input=edit(i, |r, v| r.rotting_days = v) /></td>
                        <td class="row-actions">
                            <button type="button" class="link-button" aria-label=t.move_up disabled=i == 0 on:click=move |_| rows.update(|r| r.swap(i, i - 1))>"↑"</button>
                            <button type="button" class="link-button" aria-label=t.move_down disabled=i == last on:click=move |_| rows.update(|r| r.swap(i, i + 1))>"↓"</button>
                            <button type="button" class="link-button" aria-label=t.remove on:click=move |_| rows.update(|r| { r.remove(i); })>"✕"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <form class="card pipeline-editor" on:submit=submit data-testid="pipeline-editor">
            <h2>{if is_new { t.pipeline_new } else { t.pipeline_edit }}</h2>
            <label class="field">
                <span>{t.pipeline_name}</span>
                <input type="text" required prop:value=name.get_untracked() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <TableScroll label={if is_new { t.pipeline_new } else { t.pipeline_edit }}>
                <table>
                    <thead>
                        <tr>
                            <th>{t.stage_name}</th>
                            <th>{t.stage_probability}</th>
                            <th>{t.stage_kind}</th>
                            <th>{t.stage_rotting}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{row_views}</tbody>
                </table>
            </TableScroll>
            <div class="actions">
                <button type="button" class="button secondary" on:click=move |_| rows.update(|r| r.push(StageForm { probability: "50".into(), kind: "open".into(), ..StageForm::default() }))>
                    {t.stage_add}
                </button>
                <button type="submit" class="button" disabled=save.pending()>{t.save}</button>
            </div>
        </form>
    }
}
