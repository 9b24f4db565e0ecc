use leptos::prelude::*;

use super::pipeline_editor::PipelineEditor;
use crate::core::code::TextCode;
use crate::deals::pipelines::api::{SavePipeline, list_pipelines};
use crate::deals::pipelines::types::{PipelineForm, StageForm};
use crate::deals::types::{Pipeline, StageKind};
use crate::i18n::{Messages, use_messages};
use crate::ui::form::{FormAlert, answer_of, successes};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;

/// A pipeline as its form starts: Banyan's names in the reader's language (saved so, they are
/// still Banyan's), the rest as written.
fn form_of(t: &Messages, pipeline: Pipeline) -> PipelineForm {
    PipelineForm {
        id: Some(pipeline.id),
        version: pipeline.version,
        name: t.preset(&pipeline.name).to_owned(),
        stages: pipeline
            .stages
            .into_iter()
            .map(|s| StageForm {
                id: s.id.to_string(),
                name: t.preset(&s.name).to_owned(),
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

/// The stages deals move through: every pipeline's form, and one for a new pipeline.
#[component]
pub fn PipelinesPage() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SavePipeline>::new();
    let saved = successes(save);
    let pipelines = Resource::new(move || saved.get(), |_| list_pipelines());
    toast_successes(save, move |_| t.saved.to_owned());
    view! {
        <Page title=t.pipelines_title>
            <FormAlert answer=answer_of(save) with_fields=true />
            <Loading>
                {move || Suspend::new(async move {
                    pipelines.await.map(|pipelines| {
                        pipelines
                            .into_iter()
                            .map(|p| view! { <PipelineEditor form=form_of(t, p) save /> })
                            .chain(std::iter::once(view! { <PipelineEditor form=blank(t) save /> }))
                            .collect_view()
                    })
                })}
            </Loading>
        </Page>
    }
}
