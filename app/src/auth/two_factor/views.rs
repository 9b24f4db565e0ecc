//! Two-factor sign-in on screen: the steps of the sign-in page after the password, the card of
//! the account page, and the owner's card on the users page.

use leptos::prelude::*;

use super::api::{
    BeginTwoFactor, ConfirmTwoFactor, LoginCode, LoginEnrol, RemoveTwoFactor, RenewRecoveryCodes,
    RequireTwoFactor, TurnOffTwoFactor, get_two_factor, get_two_factor_policy,
};
use super::types::{Enrolment, TwoFactorPolicy};
use crate::core::actor::Role;
use crate::core::code::TextCode;
use crate::i18n::{fill, use_messages};
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::toast::toast_successes;

/// The six digits (or, when signing in, a recovery code).
#[component]
fn CodeField(errors: Signal<Vec<String>>, #[prop(optional)] digits_only: bool) -> impl IntoView {
    let t = use_messages();
    view! {
        <Field
            label=t.two_factor_code
            name="code"
            autocomplete="one-time-code"
            inputmode=if digits_only { "numeric" } else { "text" }
            required=true
            errors
        />
    }
}

/// The QR code of a new secret, and the secret itself for typing in.
#[component]
fn Scan(enrolment: Enrolment) -> impl IntoView {
    let t = use_messages();
    view! {
        <p>{t.two_factor_scan}</p>
        <div class="qr" inner_html=enrolment.qr_svg data-testid="qr"></div>
        <p class="muted">{t.two_factor_key}</p>
        <p>
            <code class="secret-key" data-testid="secret-key">{enrolment.key}</code>
        </p>
    }
}

/// Recovery codes, shown once, in a list that copies and prints cleanly.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let t = use_messages();
    view! {
        <div class="recovery" data-testid="recovery-codes">
            <h2>{t.two_factor_codes_title}</h2>
            <p class="muted">{t.two_factor_codes_hint}</p>
            <ol class="codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
        </div>
    }
}

/// Signing in, after the password, with a code from the app or a recovery code.
#[component]
pub fn CodeStep(ticket: String, next: String) -> impl IntoView {
    let t = use_messages();
    let login = ServerAction::<LoginCode>::new();
    let answer = answer_of(login);
    // The cookie is set: load the app afresh, as the signed-in user.
    Effect::new(move |_| {
        if let Some(Ok(next)) = answer.get() {
            let _ = window().location().assign(&next);
        }
    });
    view! {
        <h1>{t.login_code_title}</h1>
        <p class="muted">{t.login_code_hint}</p>
        <ActionForm action=login>
            <input type="hidden" name="ticket" value=ticket />
            <input type="hidden" name="next" value=next />
            <CodeField errors=errors_of(answer, "code") />
            <FormAlert answer />
            <button class="button wide" type="submit" disabled=login.pending()>
                {t.login_code_submit}
            </button>
        </ActionForm>
        // A ticket that waited too long, or another account: back to the password, afresh.
        <p class="muted"><a href="/login" rel="external">{t.login_start_again}</a></p>
    }
}

/// Signing in when the role requires a second factor and the person has none yet: they scan,
/// type the first code, keep their recovery codes, and go on.
#[component]
pub fn EnrolStep(enrolment: Enrolment, next: String) -> impl IntoView {
    let t = use_messages();
    let enrol = ServerAction::<LoginEnrol>::new();
    let answer = answer_of(enrol);
    let ticket = enrolment.ticket.clone();
    let done = move || matches!(answer.get(), Some(Ok(_)));
    view! {
        <div hidden=done>
        <h1>{t.login_enrol_title}</h1>
        <p class="muted">{t.login_enrol_hint}</p>
        <Scan enrolment />
        <ActionForm action=enrol>
            <input type="hidden" name="ticket" value=ticket />
            <CodeField errors=errors_of(answer, "code") digits_only=true />
            <FormAlert answer />
            <button class="button wide" type="submit" disabled=enrol.pending()>
                {t.two_factor_confirm}
            </button>
        </ActionForm>
        </div>
        {move || {
            answer
                .get()
                .and_then(Result::ok)
                .map(|codes| {
                    // A full load, so that the app starts as the signed-in user.
                    view! {
                        <RecoveryCodes codes />
                        <a class="button wide" href=next.clone() rel="external">{t.login_continue}</a>
                    }
                })
        }}
    }
}

/// The account page's card: turn the second factor on (or move it to a new phone), see the
/// recovery codes left, make new ones, turn it off when the role allows.
#[component]
pub fn TwoFactorCard() -> impl IntoView {
    let t = use_messages();
    let begin = ServerAction::<BeginTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let off = ServerAction::<TurnOffTwoFactor>::new();
    let status = Resource::new(
        move || {
            (
                confirm.version().get(),
                renew.version().get(),
                off.version().get(),
            )
        },
        |_| get_two_factor(),
    );
    toast_successes(confirm, move |_| t.two_factor_turned_on.to_owned());
    toast_successes(renew, move |_| t.two_factor_codes_made.to_owned());
    toast_successes(off, move |_| t.two_factor_turned_off.to_owned());
    let (renew_answer, off_answer) = (answer_of(renew), answer_of(off));
    // The codes just made, by turning it on or renewing them, whichever came last; none once
    // it is off.
    let fresh = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| {
        if let Some(Ok(codes)) = confirm.value().get() {
            fresh.set(Some(codes));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(codes)) = renew.value().get() {
            fresh.set(Some(codes));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = off.value().get() {
            fresh.set(None);
        }
    });
    let codes = move || fresh.get().map(|codes| view! { <RecoveryCodes codes /> });
    view! {
        <section class="card" data-testid="two-factor">
            <h2>{t.two_factor_title}</h2>
            <p class="muted">{t.two_factor_hint}</p>
            <Loading>
                {move || Suspend::new(async move {
                    status
                        .await
                        .map(|status| {
                            let state = if status.on { t.two_factor_on } else { t.two_factor_off };
                            let left = fill(
                                t.two_factor_codes_left,
                                &[("count", &status.codes_left.to_string())],
                            );
                            view! {
                                <p><strong>{state}</strong></p>
                                {status.on.then(|| view! { <p class="muted">{left}</p> })}
                                <ActionForm action=begin>
                                    <button type="submit" class="button secondary" disabled=begin.pending()>
                                        {t.two_factor_begin}
                                    </button>
                                </ActionForm>
                                {status
                                    .on
                                    .then(|| {
                                        view! {
                                            <ActionForm action=renew attr:class="inline-form">
                                                <PasswordAgain scope="renew" errors=errors_of(renew_answer, "password") />
                                                <button type="submit" class="button secondary" disabled=renew.pending()>
                                                    {t.two_factor_new_codes}
                                                </button>
                                            </ActionForm>
                                            {(!status.required)
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=off attr:class="inline-form">
                                                            <PasswordAgain scope="off" errors=errors_of(off_answer, "password") />
                                                            <button type="submit" class="button secondary" disabled=off.pending()>
                                                                {t.two_factor_turn_off}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                        }
                                    })}
                            }
                        })
                })}
            </Loading>
            <FormAlert answer=answer_of(begin) />
            {move || {
                begin
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|enrolment| view! { <ConfirmForm enrolment confirm /> })
            }}
            {codes}
        </section>
    }
}

#[component]
fn ConfirmForm(enrolment: Enrolment, confirm: ServerAction<ConfirmTwoFactor>) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(confirm);
    let ticket = enrolment.ticket.clone();
    let done = move || matches!(answer.get(), Some(Ok(_)));
    view! {
        <div hidden=done>
            <Scan enrolment />
            <ActionForm action=confirm>
                <input type="hidden" name="ticket" value=ticket />
                <CodeField errors=errors_of(answer, "code") digits_only=true />
                <FormAlert answer />
                <button class="button" type="submit" disabled=confirm.pending()>
                    {t.two_factor_confirm}
                </button>
            </ActionForm>
        </div>
    }
}

/// The password typed again: changes to one's own second factor need it, so that a borrowed
/// unlocked computer cannot make them.
#[component]
fn PasswordAgain(scope: &'static str, errors: Signal<Vec<String>>) -> impl IntoView {
    let t = use_messages();
    view! {
        <Field
            label=t.field_current_password
            name="password"
            kind="password"
            autocomplete="current-password"
            required=true
            scope
            errors
        />
    }
}

/// The owner's card: the roles that must use a second factor, and who does.
#[component]
pub fn TwoFactorPolicyCard() -> impl IntoView {
    let t = use_messages();
    let require = ServerAction::<RequireTwoFactor>::new();
    let remove = ServerAction::<RemoveTwoFactor>::new();
    let policy = Resource::new(
        move || (require.version().get(), remove.version().get()),
        |_| get_two_factor_policy(),
    );
    toast_successes(require, move |_| t.saved.to_owned());
    toast_successes(remove, move |_| t.two_factor_removed.to_owned());
    view! {
        <section class="card" data-testid="two-factor-policy">
            <h2>{t.two_factor_required_title}</h2>
            <p class="muted">{t.two_factor_required_hint}</p>
            <FormAlert answer=answer_of(require) />
            <FormAlert answer=answer_of(remove) />
            <Loading>
                {move || Suspend::new(async move {
                    policy.await.map(|policy| view! { <PolicyForm policy require remove /> })
                })}
            </Loading>
        </section>
    }
}

#[component]
fn PolicyForm(
    policy: TwoFactorPolicy,
    require: ServerAction<RequireTwoFactor>,
    remove: ServerAction<RemoveTwoFactor>,
) -> impl IntoView {
    let t = use_messages();
    let boxes = Role::ALL
        .iter()
        .map(|&role| {
            let checked = policy.required.contains(&role);
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("roles[{}]", role.as_str()) value="on" checked=checked />
                    <span>{t.role(role)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=require>
            <input type="hidden" name="was" value=policy.was />
            <fieldset class="checks">{boxes}</fieldset>
            <button class="button" type="submit" disabled=require.pending()>{t.save}</button>
        </ActionForm>
        <h3>{t.two_factor_people}</h3>
        <ul class="rows" data-testid="two-factor-people">
            {policy
                .people
                .into_iter()
                .map(|person| {
                    let state = if person.on { t.two_factor_set } else { t.two_factor_not_set };
                    view! {
                        <li class="row">
                            <div>
                                <strong>{person.name}</strong>
                                <p class="muted">{t.role(person.role)} " · " {state}</p>
                            </div>
                            {person
                                .on
                                .then(|| {
                                    view! {
                                        <ActionForm action=remove>
                                            <input type="hidden" name="id" value=person.id.to_string() />
                                            <button type="submit" class="button secondary">{t.two_factor_remove}</button>
                                        </ActionForm>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
