use leptos::prelude::*;

use super::link_box::LinkBox;
use crate::auth::api::{CreateUser, MakePasswordLink, ResetPassword, UpdateUser, list_users};
use crate::auth::teams::api::{AssignTeam, list_teams};
use crate::auth::teams::types::Team;
use crate::auth::teams::views::{TeamActions, TeamChoice, TeamsCard};
use crate::auth::two_factor::views::TwoFactorPolicyCard;
use crate::core::actor::{Role, User};
use crate::core::code::TextCode;
use crate::error::AppError;
use crate::i18n::{Messages, use_messages};
use crate::ui::form::{Field, FormAlert, RowSelect, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;

fn role_options(t: &'static Messages) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|&r| (r.as_str().to_owned(), t.role(r).to_owned()))
        .collect()
}

/// The owner's user administration: add or invite teammates, change roles, switch access off
/// and on, and help someone who forgot their password (a new one, or a link to choose one).
#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let teams = TeamActions::with_toasts();
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                teams.version(),
            )
        },
        |_| async { Ok::<_, AppError>((list_users().await?, list_teams().await?)) },
    );
    // The lists are drawn once and follow each re-read in place: a row is drawn anew only when
    // its own record changes, so what is chosen in another row but not saved yet stays. Memos:
    // every row reads the teams, and each re-read is copied out once, not once per row.
    let read = move || users.get().and_then(Result::ok);
    let people: Signal<Vec<User>> =
        Memo::new(move |_| read().map(|(people, _)| people).unwrap_or_default()).into();
    let all_teams: Signal<Vec<Team>> =
        Memo::new(move |_| read().map(|(_, teams)| teams).unwrap_or_default()).into();
    let answer = answer_of(create);
    toast_successes(create, move |created| {
        format!("{} · {}", t.user_created, created.user.name)
    });
    toast_successes(update, move |_| t.saved.to_owned());
    toast_successes(reset, move |_| t.password_was_reset.to_owned());
    view! {
        <Page title=t.users_title>
            <section class="card">
                <h2>{t.user_add_title}</h2>
                <ActionForm action=create attr:class="grid-form" attr:data-testid="add-teammate">
                    <Field label=t.field_name name="name" required=true errors=errors_of(answer, "name") />
                    <Field
                        label=t.field_email
                        name="email"
                        kind="email"
                        required=true
                        errors=errors_of(answer, "email")
                    />
                    <Select
                        label=t.field_role
                        name="role"
                        options=role_options(t)
                        selected="sales"
                        errors=errors_of(answer, "role")
                    />
                    <Field
                        label=t.field_first_password
                        name="password"
                        kind="password"
                        autocomplete="new-password"
                        hint=t.field_first_password_hint
                        errors=errors_of(answer, "password")
                    />
                    <FormAlert answer />
                    <button class="button" type="submit" disabled=create.pending()>
                        {t.user_add_submit}
                    </button>
                </ActionForm>
                {move || {
                    answer
                        .get()
                        .and_then(Result::ok)
                        .and_then(|created| {
                            let name = created.user.name;
                            created.link.map(|link| view! { <LinkBox link name /> })
                        })
                }}
            </section>
            <section class="card">
                <FormAlert answer=answer_of(update) with_fields=true />
                <FormAlert answer=answer_of(reset) with_fields=true />
                <FormAlert answer=answer_of(teams.assign) with_fields=true />
                <Loading>
                    {move || users.get().map(|got| got.map(drop))}
                    <ul class="rows" data-testid="users">
                        <For each=move || people.get() key=|user| (user.id, user.version, user.invited) let:user>
                            <UserRow user teams=all_teams update reset assign=teams.assign />
                        </For>
                    </ul>
                </Loading>
            </section>
            <Loading>
                <TeamsCard teams=all_teams users=people actions=teams />
            </Loading>
            <TwoFactorPolicyCard />
        </Page>
    }
}

#[component]
fn UserRow(
    user: User,
    teams: Signal<Vec<Team>>,
    update: ServerAction<UpdateUser>,
    reset: ServerAction<ResetPassword>,
    assign: ServerAction<AssignTeam>,
) -> impl IntoView {
    let t = use_messages();
    let inactive = !user.active;
    view! {
        <li class="row user-row" class:inactive=inactive>
            <div>
                <strong>{user.name.clone()}</strong>
                {inactive.then(|| view! { <span class="badge">{t.user_inactive}</span> })}
                {(user.invited && !inactive)
                    .then(|| view! { <span class="badge">{t.user_invited}</span> })}
                <p class="muted">{user.email.clone()}</p>
            </div>
            <RoleForm user=user.clone() update />
            <TeamChoice user=user.clone() teams assign />
            <AccessForm user=user.clone() update />
            <PasswordForm user=user.clone() reset />
            {(!inactive).then(|| view! { <LinkForm user /> })}
        </li>
    }
}

/// What every change names: the user, and the version the owner saw.
#[component]
fn UserKey(user: User) -> impl IntoView {
    view! {
        <input type="hidden" name="id" value=user.id.to_string() />
        <input type="hidden" name="name" value=user.name />
        <input type="hidden" name="version" value=user.version.to_string() />
    }
}

#[component]
fn RoleForm(user: User, update: ServerAction<UpdateUser>) -> impl IntoView {
    let t = use_messages();
    let id = format!("role-{}", user.id);
    let current = user.role.as_str();
    view! {
        <ActionForm action=update attr:class="inline-form">
            <UserKey user=user.clone() />
            <input type="hidden" name="active" value=user.active.to_string() />
            <RowSelect id label=t.field_role name="role" options=role_options(t) selected=current />
            <button type="submit" class="button secondary">{t.save}</button>
        </ActionForm>
    }
}

#[component]
fn AccessForm(user: User, update: ServerAction<UpdateUser>) -> impl IntoView {
    let t = use_messages();
    let label = if user.active {
        t.user_deactivate
    } else {
        t.user_reactivate
    };
    view! {
        <ActionForm action=update attr:class="inline-form">
            <UserKey user=user.clone() />
            <input type="hidden" name="role" value=user.role.as_str() />
            <input type="hidden" name="active" value=(!user.active).to_string() />
            <button type="submit" class="button secondary">{label}</button>
        </ActionForm>
    }
}

#[component]
fn PasswordForm(user: User, reset: ServerAction<ResetPassword>) -> impl IntoView {
    let t = use_messages();
    let id = format!("password-{}", user.id);
    view! {
        <ActionForm action=reset attr:class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string() />
            <label class="sr-only" for=id.clone()>{t.field_new_password}</label>
            <input
                id=id
                name="password"
                type="password"
                autocomplete="new-password"
                placeholder=t.field_new_password
                required
            />
            <button type="submit" class="button secondary">{t.user_reset_password}</button>
        </ActionForm>
    }
}

/// Makes a link for the teammate to choose a password with, and shows it to hand over.
#[component]
fn LinkForm(user: User) -> impl IntoView {
    let t = use_messages();
    let make = ServerAction::<MakePasswordLink>::new();
    let answer = answer_of(make);
    let name = user.name;
    view! {
        <div class="link-form">
            <ActionForm action=make attr:class="inline-form">
                <input type="hidden" name="id" value=user.id.to_string() />
                <button type="submit" class="button secondary" disabled=make.pending()>
                    {t.user_link}
                </button>
            </ActionForm>
            <FormAlert answer />
            {move || {
                answer
                    .get()
                    .and_then(Result::ok)
                    .map(|link| view! { <LinkBox link name=name.clone() /> })
            }}
        </div>
    }
}
