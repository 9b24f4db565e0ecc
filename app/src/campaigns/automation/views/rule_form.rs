use leptos::prelude::*;

use crate::campaigns::automation::api::SaveRule;
use crate::campaigns::automation::types::{
    Action, Condition, MERGE_FIELDS, Rule, TaskFor, Trigger,
};
use crate::core::code::TextCode;
use crate::customers::segments::types::SavedSegment;
use crate::customers::types::Assignee;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, TextArea, answer_of, errors_of};

use super::trigger_label;

/// What a saved rule puts in its form's fields.
#[derive(Default)]
struct Filled {
    web_form_only: bool,
    score_max: String,
    tag: String,
    task_title: String,
    task_days: String,
    task_for: String,
    assign: bool,
    mail_subject: String,
    mail_body: String,
}

fn filled(rule: &Rule) -> Filled {
    let mut f = Filled::default();
    for condition in &rule.conditions {
        match condition {
            Condition::FromWebForm => f.web_form_only = true,
            Condition::ScoreAtMost(max) => f.score_max = max.to_string(),
            Condition::HasTag(tag) => f.tag = tag.clone(),
        }
    }
    for action in &rule.actions {
        match action {
            Action::AddToList { .. } => {}
            Action::CreateTask {
                title,
                days,
                assignee,
            } => {
                f.task_title = title.clone();
                f.task_days = days.to_string();
                f.task_for = match assignee {
                    TaskFor::Owner => "owner".to_owned(),
                    TaskFor::CompanyOwner => "company_owner".to_owned(),
                    TaskFor::User(id) => id.to_string(),
                };
            }
            Action::AssignCompanyOwner => f.assign = true,
            Action::SendEmail { subject, body } => {
                f.mail_subject = subject.clone();
                f.mail_body = body.clone();
            }
        }
    }
    f
}

/// A rule as it is written: when (the trigger), only if (the conditions that trigger can
/// ask), then (one of each action, each left empty when not wanted).
#[component]
pub fn RuleForm(
    rule: Option<Rule>,
    lists: Vec<SavedSegment>,
    users: Vec<Assignee>,
    save: ServerAction<SaveRule>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(save);
    let e = move |field| errors_of(answer, field);
    let f = rule.as_ref().map(filled).unwrap_or_default();
    let (id, version) = rule
        .as_ref()
        .map(|r| (r.id.to_string(), r.version.to_string()))
        .unwrap_or_default();
    let name = rule.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    let list = rule
        .as_ref()
        .and_then(|r| r.list_name.clone())
        .unwrap_or_default();
    let enabled = rule.as_ref().is_none_or(|r| r.enabled);
    let trigger = RwSignal::new(rule.as_ref().map_or(Trigger::DealWon, |r| r.trigger));
    let triggers = Trigger::ALL
        .iter()
        .map(|&tr| (tr.as_str().to_owned(), trigger_label(t, tr).to_owned()))
        .collect::<Vec<_>>();
    let mut task_for = vec![
        ("owner".to_owned(), t.automation_task_for_owner.to_owned()),
        (
            "company_owner".to_owned(),
            t.automation_task_for_company_owner.to_owned(),
        ),
    ];
    task_for.extend(users.into_iter().map(|u| (u.id.to_string(), u.name)));
    let asks = move |tr: Trigger| move || trigger.get() != tr;
    let action_errors = move || {
        e("actions")
            .get()
            .into_iter()
            .map(|why| view! { <p class="field-errors">{why}</p> })
            .collect_view()
    };
    view! {
        <ActionForm action=save attr:class="card rule-form" attr:data-testid="rule-form">
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <Field label=t.automation_name name="name" group="form" required=true value=name errors=e("name") />
            <label class="check">
                <input type="checkbox" name="form[enabled]" value="on" checked=enabled />
                <span>{t.automation_enabled}</span>
            </label>
            <fieldset>
                <legend>{t.automation_when}</legend>
                <div on:change=move |ev| {
                    if let Some(tr) = Trigger::parse(&event_target_value(&ev)) {
                        trigger.set(tr);
                    }
                }>
                    <Select label=t.automation_trigger name="trigger" group="form" options=triggers selected=trigger.get_untracked().as_str() errors=e("trigger") />
                </div>
            </fieldset>
            <fieldset>
                <legend>{t.automation_only_if}</legend>
                <label class="check" hidden=asks(Trigger::ContactCreated)>
                    <input type="checkbox" name="form[web_form_only]" value="on" checked=f.web_form_only />
                    <span>{t.automation_web_form_only}</span>
                </label>
                <div hidden=asks(Trigger::TicketRated)>
                    <Field label=t.automation_score_max name="score_max" group="form" kind="number" value=f.score_max hint=t.automation_score_max_hint errors=e("score_max") />
                </div>
                <Field label=t.automation_tag name="tag" group="form" value=f.tag hint=t.automation_tag_hint errors=e("tag") />
            </fieldset>
            <fieldset>
                <legend>{t.automation_then}</legend>
                {action_errors}
                <Field label=t.automation_list name="list" group="form" value=list suggestions="automation-lists" hint=t.automation_list_hint errors=e("list") />
                <datalist id="automation-lists">
                    {lists.into_iter().map(|l| view! { <option value=l.name></option> }).collect_view()}
                </datalist>
                <Field label=t.automation_task_title name="task_title" group="form" value=f.task_title errors=e("task_title") />
                <Field label=t.automation_task_days name="task_days" group="form" kind="number" value=f.task_days hint=t.automation_task_days_hint errors=e("task_days") />
                <Select label=t.automation_task_for name="task_for" group="form" options=task_for selected=f.task_for errors=e("task_for") />
                <label class="check">
                    <input type="checkbox" name="form[assign_company_owner]" value="on" checked=f.assign />
                    <span>{t.automation_assign_company_owner}</span>
                </label>
                <Field label=t.automation_mail_subject name="mail_subject" group="form" value=f.mail_subject errors=e("mail_subject") />
                <TextArea label=t.automation_mail_body name="mail_body" group="form" rows=6 value=f.mail_body errors=e("mail_body") />
                <p class="hint">{t.automation_merge_fields} " " {MERGE_FIELDS.join(" ")}</p>
            </fieldset>
            <FormAlert answer />
            <button type="submit" class="button" disabled=save.pending()>{t.save}</button>
        </ActionForm>
    }
}
