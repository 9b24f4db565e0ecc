//! The pipelines screen: each pipeline's stages in board order, with their chance of winning,
//! kind and rotting days, edited in place by owners and managers.

use leptos::prelude::*;

use super::api::{SavePipeline, list_pipelines};
use super::types::{PipelineForm, StageForm};
use crate::core::code::TextCode;
use crate::deals::types::{Pipeline, StageKind};
use crate::i18n::{Messages, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::use_toasts;

fn form_of(pipeline: Pipeline) -> PipelineForm {
    PipelineForm {
        id: Some(pipeline.id),
        version: pipeline.version,
        name: pipeline.name,
        stages: pipeline
            .stages
            .into_iter()
            .map(|s| StageForm {
                id: s.id.to_string(),
                name: s.name,
                probability: s.probability.to_string(),
                kind: s.kind.as_str().to_owned(),
                rotting_days: s.rotting_days.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
    }
}

/// A new pipeline starts with one stage of each kind.
fn blank(t: &Messages) -> PipelineForm {
    let stage = |name: &str, probability: &str, kind: StageKind| StageForm {
        name: name.to_owned(),
        probability: probability.to_owned(),
        kind: kind.as_str().to_owned(),
        ..StageForm::default()
    };
    PipelineForm {
        stages: vec![
            stage(t.stage_kind_open, "10", StageKind::Open),
            stage(t.stage_kind_won, "100", StageKind::Won),
            stage(t.stage_kind_lost, "0", StageKind::Lost),
        ],
        ..PipelineForm::default()
    }
}

#[component]
pub fn PipelinesPage() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SavePipeline>::new();
    let pipelines = Resource::new(move || save.version().get(), |_| list_pipelines());
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            toasts.show(t.saved);
        }
    });
    view! {
        <Page title=t.pipelines_title>
            <FormAlert answer=answer_of(save) with_fields=true />
            <Loading>
                {move || Suspend::new(async move {
                    pipelines.await.map(|pipelines| {
                        pipelines
                            .into_iter()
                            .map(|p| view! { <PipelineEditor form=form_of(p) save /> })
                            .chain(std::iter::once(view! { <PipelineEditor form=blank(t) save /> }))
                            .collect_view()
                    })
                })}
            </Loading>
        </Page>
    }
}

/// One pipeline's form; its rows live in the browser until saved.
#[component]
fn PipelineEditor(form: PipelineForm, save: ServerAction<SavePipeline>) -> impl IntoView {
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
            <div class="table-scroll">
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
            </div>
            <div class="actions">
                <button type="button" class="button secondary" on:click=move |_| rows.update(|r| r.push(StageForm { probability: "50".into(), kind: "open".into(), ..StageForm::default() }))>
                    {t.stage_add}
                </button>
                <button type="submit" class="button" disabled=save.pending()>{t.save}</button>
            </div>
        </form>
    }
}
