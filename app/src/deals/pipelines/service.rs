//! Reading pipelines, creating the default one, and saving an owner's or manager's changes.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::types::{PipelineForm, StageForm};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::parse;
use crate::core::policy::Action;
use crate::core::policy::require;
use crate::core::{audit, records};
use crate::deals::entity::{deal, pipeline, stage};
use crate::deals::types::{Pipeline, Stage, StageKind};
use crate::error::{AppError, FieldCheck, Invalid};
use crate::i18n::Locale;

const MAX_STAGES: usize = 12;

/// The stages a new workspace starts with: the usual road from lead to signed contract.
/// Their names are presets: each reader sees them in their language until renamed.
fn default_stages(locale: Locale) -> [(&'static str, i32, StageKind, Option<i32>); 6] {
    let t = locale.messages();
    [
        (t.preset_lead_in, 10, StageKind::Open, Some(14)),
        (t.preset_qualified, 25, StageKind::Open, Some(14)),
        (t.preset_proposal, 50, StageKind::Open, Some(10)),
        (t.preset_negotiation, 75, StageKind::Open, Some(7)),
        (t.preset_won, 100, StageKind::Won, None),
        (t.preset_lost, 0, StageKind::Lost, None),
    ]
}

fn to_stage(model: stage::Model) -> Stage {
    Stage {
        kind: StageKind::parse(&model.kind).unwrap_or(StageKind::Open),
        id: model.id,
        name: model.name,
        probability: model.probability,
        rotting_days: model.rotting_days,
    }
}

/// Creates the default pipeline, named and staged in the workspace's language.
pub async fn create_default<C: ConnectionTrait>(
    conn: &C,
    locale: Locale,
) -> Result<Uuid, AppError> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    pipeline::ActiveModel {
        id: Set(id),
        name: Set(locale.messages().preset_pipeline.to_owned()),
        position: Set(0),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    let stages = default_stages(locale).into_iter().enumerate().map(
        |(position, (name, probability, kind, rotting_days))| stage::ActiveModel {
            id: Set(Uuid::now_v7()),
            pipeline_id: Set(id),
            name: Set(name.to_owned()),
            position: Set(position as i32),
            probability: Set(probability),
            kind: Set(kind.as_str().to_owned()),
            rotting_days: Set(rotting_days),
        },
    );
    stage::Entity::insert_many(stages).exec(conn).await?;
    Ok(id)
}

/// Every pipeline with its stages, in order.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Pipeline>, AppError> {
    let pipelines = pipeline::Entity::find()
        .order_by_asc(pipeline::Column::Position)
        .order_by_asc(pipeline::Column::CreatedAt)
        .all(conn)
        .await?;
    let mut stages = stage::Entity::find()
        .order_by_asc(stage::Column::Position)
        .all(conn)
        .await?;
    Ok(pipelines
        .into_iter()
        .map(|p| Pipeline {
            stages: stages
                .extract_if(.., |s| s.pipeline_id == p.id)
                .map(to_stage)
                .collect(),
            id: p.id,
            name: p.name,
            version: p.version,
        })
        .collect())
}

/// One stage, with the pipeline it belongs to.
pub async fn stage<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<(Uuid, Stage), AppError> {
    let model = records::find_or_404::<stage::Entity, _>(conn, id).await?;
    Ok((model.pipeline_id, to_stage(model)))
}

/// The stages `ids`, in one query: for lists of deals, which name a stage each.
pub async fn stages<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Stage>, AppError> {
    Ok(stage::Entity::find()
        .filter(stage::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, to_stage(s)))
        .collect())
}

struct ValidStage {
    id: Option<Uuid>,
    name: String,
    probability: i32,
    kind: StageKind,
    rotting_days: Option<i32>,
}

fn number(text: &str, max: i32) -> Result<i32, Invalid> {
    match text.trim().parse::<i32>() {
        Ok(n) if (0..=max).contains(&n) => Ok(n),
        _ => Err(Invalid::Choice),
    }
}

fn validate(form: &PipelineForm, check: &mut FieldCheck) -> Option<(String, Vec<ValidStage>)> {
    let name = check.check("name", parse::text(&form.name, 100));
    let mut stages = Vec::new();
    for (i, row) in form.stages.iter().enumerate() {
        let StageForm {
            id,
            name,
            probability,
            kind,
            rotting_days,
        } = row;
        let field = |what: &str| format!("stages.{i}.{what}");
        let name = check.check(&field("name"), parse::text(name, 60));
        let probability = check.check(&field("probability"), number(probability, 100));
        let kind = check.check(
            &field("kind"),
            StageKind::parse(kind).ok_or(Invalid::Choice),
        );
        let rotting_days = check.check(
            &field("rotting_days"),
            crate::customers::service::optional(rotting_days, |d| number(d, 3650)),
        );
        let id = Uuid::parse_str(id.trim()).ok();
        stages.push(ValidStage {
            id,
            name: name?,
            probability: probability?,
            kind: kind?,
            rotting_days: rotting_days?,
        });
    }
    let kinds: HashSet<StageKind> = stages.iter().map(|s| s.kind).collect();
    if kinds.len() < 3 || form.stages.len() > MAX_STAGES {
        check.refuse("stages", Invalid::Stages);
    }
    Some((name?, stages))
}

/// Saves a pipeline and its stages as the form lists them: new rows are added, missing rows
/// removed (refused while deals sit in them), and the order of the rows is the board's.
pub async fn save(
    conn: &DatabaseConnection,
    actor: &Actor,
    form: &PipelineForm,
) -> Result<Pipeline, AppError> {
    require(conn, actor, Action::ManagePipelines, "pipeline.save").await?;
    let mut check = FieldCheck::default();
    let valid = validate(form, &mut check);
    let (name, stages) = match valid {
        Some(valid) => check.finish().map(|()| valid)?,
        None => return Err(check.into_error()),
    };
    let now = Utc::now();
    let txn = crate::core::db::write(conn).await?;
    let before = match form.id {
        Some(id) => all(&txn)
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(AppError::NotFound)?
            .into(),
        None => None,
    };
    let id = match &before {
        Some(before) => {
            let renamed =
                pipeline::Entity::update_many().col_expr(pipeline::Column::Name, Expr::value(name));
            let current = async || Ok::<_, AppError>(before.clone());
            records::update_versioned(&txn, renamed, before.id, form.version, now, current).await?;
            before.id
        }
        None => {
            let position = pipeline::Entity::find().count(&txn).await? as i32;
            let id = Uuid::now_v7();
            pipeline::ActiveModel {
                id: Set(id),
                name: Set(name),
                position: Set(position),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            id
        }
    };
    let kept: HashSet<Uuid> = stages.iter().filter_map(|s| s.id).collect();
    let removed: Vec<Uuid> = before
        .iter()
        .flat_map(|p| &p.stages)
        .map(|s| s.id)
        .filter(|s| !kept.contains(s))
        .collect();
    if !removed.is_empty() {
        let in_use = deal::Entity::find()
            .filter(deal::Column::StageId.is_in(removed.iter().copied()))
            .count(&txn)
            .await?;
        if in_use > 0 {
            return Err(AppError::invalid("stages", Invalid::InUse));
        }
        stage::Entity::delete_many()
            .filter(stage::Column::Id.is_in(removed))
            .exec(&txn)
            .await?;
    }
    let known: HashSet<Uuid> = before
        .iter()
        .flat_map(|p| &p.stages)
        .map(|s| s.id)
        .collect();
    for (position, row) in stages.into_iter().enumerate() {
        let model = stage::ActiveModel {
            id: Set(row
                .id
                .filter(|id| known.contains(id))
                .unwrap_or_else(Uuid::now_v7)),
            pipeline_id: Set(id),
            name: Set(row.name),
            position: Set(position as i32),
            probability: Set(row.probability),
            kind: Set(row.kind.as_str().to_owned()),
            rotting_days: Set(row.rotting_days),
        };
        let kind = row.kind.as_str();
        let stage_id = if row.id.is_some_and(|id| known.contains(&id)) {
            model.update(&txn).await?.id
        } else {
            model.insert(&txn).await?.id
        };
        // A stage that became won or lost takes its deals' status with it.
        deal::Entity::update_many()
            .col_expr(deal::Column::Status, Expr::value(kind))
            .filter(deal::Column::StageId.eq(stage_id))
            .filter(deal::Column::Status.ne(kind))
            .exec(&txn)
            .await?;
    }
    let after = all(&txn)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let changes = match &before {
        Some(before) => audit::changes(before, &after),
        None => serde_json::to_value(&after).map_err(AppError::internal)?,
    };
    let action = if before.is_some() {
        "pipeline.update"
    } else {
        "pipeline.create"
    };
    audit::record(
        &txn,
        audit::Entry::new(Some(actor.user.id), action, "pipeline", Some(id)).changes(changes),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
