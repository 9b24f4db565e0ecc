//! The owner's teams, on the users page: add a team with its lead, rename it, change its
//! lead or end it; and the choice of a teammate's team in their row.

use leptos::prelude::*;
use uuid::Uuid;

use super::api::{AssignTeam, CreateTeam, DeleteTeam, UpdateTeam};
use super::types::Team;
use crate::core::actor::User;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, RowSelect, Select, answer_of, errors_of};
use crate::ui::toast::toast_successes;

/// What the teams card changes, for the users page to read again after each.
#[derive(Clone, Copy)]
pub struct TeamActions {
    pub create: ServerAction<CreateTeam>,
    pub update: ServerAction<UpdateTeam>,
    pub delete: ServerAction<DeleteTeam>,
    pub assign: ServerAction<AssignTeam>,
}

impl TeamActions {
    /// The actions, each telling its success in a toast.
    pub fn with_toasts() -> Self {
        let t = use_messages();
        let actions = TeamActions {
            create: ServerAction::new(),
            update: ServerAction::new(),
            delete: ServerAction::new(),
            assign: ServerAction::new(),
        };
        toast_successes(actions.create, move |team| {
            format!("{} · {}", t.team_created, team.name)
        });
        toast_successes(actions.update, move |_| t.saved.to_owned());
        toast_successes(actions.delete, move |_| t.team_deleted.to_owned());
        toast_successes(actions.assign, move |_| t.saved.to_owned());
        actions
    }

    /// Changes each time one of them answers.
    pub fn version(self) -> usize {
        self.create.version().get()
            + self.update.version().get()
            + self.delete.version().get()
            + self.assign.version().get()
    }
}

/// The people who may lead a team: active teammates, with "no lead" first.
fn leads(users: &[User], none: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_owned()))
        .chain(
            users
                .iter()
                .filter(|u| u.active)
                .map(|u| (u.id.to_string(), u.name.clone())),
        )
        .collect()
}

/// What a list's rows depend on besides their own record, as a key part: rows keyed with it
/// are drawn anew when any of these records changes.
pub fn version_key(records: impl Iterator<Item = (Uuid, i32)>) -> String {
    records
        .map(|(id, version)| format!("{id}:{version};"))
        .collect()
}

#[component]
pub fn TeamsCard(teams: Vec<Team>, users: Vec<User>, actions: TeamActions) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(actions.create);
    let choices = leads(&users, t.team_no_lead);
    view! {
        <section class="card" data-testid="teams">
            <h2>{t.teams_title}</h2>
            <p class="muted">{t.teams_hint}</p>
            <FormAlert answer=answer_of(actions.update) with_fields=true />
            <FormAlert answer=answer_of(actions.delete) />
            {if teams.is_empty() {
                view! { <p class="empty">{t.teams_empty}</p> }.into_any()
            } else {
                let people = version_key(users.iter().map(|u| (u.id, u.version)));
                let choices = choices.clone();
                view! {
                    <ul class="rows">
                        <For
                            each=move || teams.clone()
                            key=move |team| (team.id, team.version, people.clone())
                            let:team
                        >
                            <TeamRow team choices=choices.clone() actions />
                        </For>
                    </ul>
                }
                    .into_any()
            }}
            <h3>{t.team_add_title}</h3>
            <ActionForm action=actions.create attr:class="grid-form" attr:data-testid="add-team">
                <Field
                    label=t.team_name
                    name="name"
                    required=true
                    scope="new-team"
                    errors=errors_of(answer, "name")
                />
                <Select
                    label=t.team_lead
                    name="lead_id"
                    options=choices
                    selected=""
                    scope="new-team"
                    errors=errors_of(answer, "lead_id")
                />
                <FormAlert answer />
                <button class="button" type="submit" disabled=actions.create.pending()>
                    {t.team_add_submit}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TeamRow(team: Team, choices: Vec<(String, String)>, actions: TeamActions) -> impl IntoView {
    let t = use_messages();
    let (name_id, lead_id) = (
        format!("team-name-{}", team.id),
        format!("team-lead-{}", team.id),
    );
    let lead = team.lead_id.map(|id| id.to_string()).unwrap_or_default();
    let members = if team.members.is_empty() {
        t.team_no_members.to_owned()
    } else {
        team.members.join(", ")
    };
    view! {
        <li class="row team-row">
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="id" value=team.id.to_string() />
                <input type="hidden" name="version" value=team.version.to_string() />
                <label class="sr-only" for=name_id.clone()>{t.team_name}</label>
                <input id=name_id name="name" value=team.name.clone() required maxlength="80" />
                <RowSelect id=lead_id label=t.team_lead name="lead_id" options=choices selected=lead />
                <button type="submit" class="button secondary">{t.save}</button>
            </ActionForm>
            <p class="muted">{t.team_members}": "{members}</p>
            <ActionForm action=actions.delete attr:class="inline-form">
                <input type="hidden" name="id" value=team.id.to_string() />
                <button type="submit" class="button secondary">{t.team_delete}</button>
            </ActionForm>
        </li>
    }
}

/// A teammate's team, chosen in their row.
#[component]
pub fn TeamChoice(user: User, teams: Vec<Team>, assign: ServerAction<AssignTeam>) -> impl IntoView {
    let t = use_messages();
    let id = format!("team-{}", user.id);
    let current = user.team_id.map(|id| id.to_string()).unwrap_or_default();
    let options = std::iter::once((String::new(), t.team_none.to_owned()))
        .chain(
            teams
                .into_iter()
                .map(|team| (team.id.to_string(), team.name)),
        )
        .collect();
    view! {
        <ActionForm action=assign attr:class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string() />
            <input type="hidden" name="version" value=user.version.to_string() />
            <RowSelect id label=t.field_team name="team" options selected=current />
            <button type="submit" class="button secondary">{t.save}</button>
        </ActionForm>
    }
}
