use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One stage row of the pipeline form; `id` is empty for a stage being added.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StageForm {
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub probability: String,
    pub kind: String,
    #[serde(default)]
    pub rotting_days: String,
}

/// A pipeline with its stages in board order; `id` is `None` for a new pipeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PipelineForm {
    #[serde(default)]
    pub id: Option<Uuid>,
    #[serde(default)]
    pub version: i32,
    pub name: String,
    #[serde(default)]
    pub stages: Vec<StageForm>,
}
