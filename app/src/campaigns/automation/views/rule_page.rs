use leptos::prelude::*;
use uuid::Uuid;

use super::rule_form::RuleForm;
use super::run_log::RunLog;
use crate::campaigns::automation::api::{DeleteRule, SaveRule, get_rule};
use crate::customers::api::list_assignees;
use crate::customers::segments::api::list_segments;
use crate::customers::segments::types::{Definition, SavedSegment};
use crate::customers::types::Assignee;
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of, successes};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::toast::toast_successes;

/// The lists a rule can add contacts to, and the people a task can be for.
async fn choices() -> Result<(Vec<SavedSegment>, Vec<Assignee>), AppError> {
    let lists = list_segments()
        .await?
        .into_iter()
        .filter(|s| s.definition == Definition::Fixed)
        .collect();
    Ok((lists, list_assignees().await?))
}

/// Writing a new rule: once saved, its own page takes over.
#[component]
pub fn NewRulePage() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveRule>::new();
    let choices = Resource::new(|| (), |_| choices());
    view! {
        <Page title=t.automation_new>
            <Loading>
                {move || Suspend::new(async move {
                    choices.await.map(|(lists, users)| view! { <RuleForm rule=None lists users save /> })
                })}
            </Loading>
        </Page>
    }
}

/// One rule: its editor, its run log, and deleting it.
#[component]
pub fn RulePage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let save = ServerAction::<SaveRule>::new();
    let saved = successes(save);
    let rule = Resource::new(
        move || (id(), saved.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_rule(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let choices = Resource::new(|| (), |_| choices());
    toast_successes(save, move |_| t.saved.to_owned());
    view! {
        <Page title=t.automation_rule>
            <Loading>
                {move || Suspend::new(async move {
                    let rule = rule.await?;
                    let (lists, users) = choices.await?;
                    let (id, version) = (rule.id, rule.version);
                    Ok::<_, AppError>(view! {
                        <RuleForm rule=Some(rule) lists users save />
                        <RunLog id version />
                        <DeleteRuleForm id version />
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn DeleteRuleForm(id: Uuid, version: i32) -> impl IntoView {
    let t = use_messages();
    let delete = ServerAction::<DeleteRule>::new();
    let answer = answer_of(delete);
    view! {
        <ActionForm action=delete attr:class="card">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <p class="muted">{t.automation_delete_hint}</p>
            <FormAlert answer />
            <button type="submit" class="button danger" disabled=delete.pending()>{t.automation_delete}</button>
        </ActionForm>
    }
}
