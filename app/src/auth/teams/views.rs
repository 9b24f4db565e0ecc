//! The owner's teams, on the users page: add a team with its lead, rename it, change its
//! lead or end it; and the choice of a teammate's team in their row.

use super::api::{AssignTeam, CreateTeam, DeleteTeam, UpdateTeam};
use super::types::Team;
use crate::core::actor::User;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, RowSelect, Select, answer_of, errors_of};
use crate::ui::toast::toast_successes;
use leptos::prelude::*;

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

/// The owner's teams. Drawn once: a team's row is drawn anew only when that team changes, and
/// the choices of a lead follow the teammates in place, so nothing typed or chosen but not
/// saved is lost when the page reads the lists again after another change.
#[component]
pub fn TeamsCard(
    teams: Signal<Vec<Team>>,
    users: Signal<Vec<User>>,
    actions: TeamActions,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(actions.create);
    // Every team's row and the new team's form offer them: made once per re-read.
    let choices: Signal<Vec<(String, String)>> =
        Memo::new(move |_| users.with(|users| leads(users, t.team_no_lead))).into();
    let empty = move || teams.with(Vec::is_empty);
    view! {
        <section class="card" data-testid="teams">
            <h2>{t.teams_title}</h2>
            <p class="muted">{t.teams_hint}</p>
            <FormAlert answer=answer_of(actions.update) with_fields=true />
            <FormAlert answer=answer_of(actions.delete) />
            <p class="empty" hidden=move || !empty()>{t.teams_empty}</p>
            <ul class="rows" hidden=empty>
                <For
                    each=move || teams.get()
                    key=|team| (team.id, team.version, team.members.clone())
                    let:team
                >
                    <TeamRow team choices actions />
                </For>
            </ul>
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
fn TeamRow(
    team: Team,
    choices: Signal<Vec<(String, String)>>,
    actions: TeamActions,
) -> impl IntoView {
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

/// A teammate's team, chosen in their row; the choices follow the teams in place.
#[component]
pub fn TeamChoice(
    user: User,
    teams: Signal<Vec<Team>>,
    assign: ServerAction<AssignTeam>,
) -> impl IntoView {
    let t = use_messages();
    let id = format!("team-{}", user.id);
    let current = user.team_id.map(|id| id.to_string()).unwrap_or_default();
    let options = Signal::derive(move || {
        teams.with(|teams| {
            std::iter::once((String::new(), t.team_none.to_owned()))
                .chain(
                    teams
                        .iter()
                        .map(|team| (team.id.to_string(), team.name.clone())),
                )
                .collect()
        })
    });
    view! {
        <ActionForm action=assign attr:class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string() />
            <input type="hidden" name="version" value=user.version.to_string() />
            <RowSelect id label=t.field_team name="team" options selected=current />
            <button type="submit" class="button secondary">{t.save}</button>
        </ActionForm>
    }
}
