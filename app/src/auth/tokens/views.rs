//! The account page's card of API tokens: make one (shown once, to copy), see when each was
//! last used, revoke it.

use leptos::prelude::*;

use super::api::{CreateToken, RevokeToken, list_tokens};
use super::types::{ApiToken, Area, Scope};
use crate::i18n::format::datetime;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::copy_box::CopyBox;
use crate::ui::form::{Field, FieldErrors, FormAlert, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::toast::toast_successes;
use crate::ui::viewer::use_time_zone;

fn area_name(t: &'static Messages, area: Area) -> &'static str {
    match area {
        Area::Contacts => t.nav_contacts,
        Area::Deals => t.nav_deals,
        Area::Tickets => t.tickets_title,
        Area::Campaigns => t.nav_campaigns,
    }
}

fn scope_text(t: &'static Messages, scope: Scope) -> String {
    let access = if scope.write {
        t.token_write
    } else {
        t.token_read
    };
    format!("{} · {access}", area_name(t, scope.area))
}

#[component]
pub fn TokensCard() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let answer = answer_of(create);
    let scope_errors = errors_of(answer, "scopes");
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    toast_successes(create, move |_| t.token_created.to_owned());
    toast_successes(revoke, move |_| t.token_revoked.to_owned());
    let access = move || {
        vec![
            (String::new(), t.token_no_access.to_owned()),
            ("read".to_owned(), t.token_read.to_owned()),
            ("write".to_owned(), t.token_write.to_owned()),
        ]
    };
    let expiry = std::iter::once((String::new(), t.token_never.to_owned()))
        .chain(
            ["30", "90", "365"]
                .map(|days| (days.to_owned(), fill(t.token_days, &[("days", days)]))),
        )
        .collect::<Vec<_>>();
    view! {
        <section class="card" data-testid="tokens">
            <h2>{t.tokens_title}</h2>
            <p class="muted">{t.tokens_hint}</p>
            <FormAlert answer=answer_of(revoke) />
            <Loading>
                {move || Suspend::new(async move {
                    tokens
                        .await
                        .map(|tokens| {
                            if tokens.is_empty() {
                                view! { <p class="empty">{t.tokens_empty}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="rows">
                                        {tokens
                                            .into_iter()
                                            .map(|token| view! { <TokenRow token revoke /> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                })}
            </Loading>
            <h3>{t.token_add_title}</h3>
            <ActionForm action=create attr:class="grid-form" attr:data-testid="add-token">
                <Field
                    label=t.token_name
                    name="name"
                    required=true
                    scope="new-token"
                    errors=errors_of(answer, "name")
                />
                <fieldset class="field" class:invalid=move || !scope_errors.get().is_empty()>
                    <legend>{t.token_access}</legend>
                    {Area::ALL
                        .map(|area| {
                            view! {
                                <Select
                                    label=area_name(t, area)
                                    name=area.as_str()
                                    group="scopes"
                                    options=access()
                                    selected=""
                                    scope="new-token"
                                />
                            }
                        })
                        .collect_view()}
                    <FieldErrors id="new-token-scopes-error".to_owned() errors=scope_errors />
                </fieldset>
                <Select
                    label=t.token_expires
                    name="expires_days"
                    options=expiry
                    selected="90"
                    scope="new-token"
                    errors=errors_of(answer, "expires_days")
                />
                <FormAlert answer />
                <button class="button" type="submit" disabled=create.pending()>
                    {t.token_add_submit}
                </button>
            </ActionForm>
            {move || {
                answer
                    .get()
                    .and_then(Result::ok)
                    .map(|created| {
                        let note = t.token_secret.to_owned();
                        view! {
                            <CopyBox note label=t.tokens_title value=created.secret testid="token-secret" />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn TokenRow(token: ApiToken, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let zone = use_time_zone();
    let scopes = token
        .scopes
        .iter()
        .map(|&scope| scope_text(t, scope))
        .collect::<Vec<_>>()
        .join(", ");
    let (last_used, expires) = (token.last_used_at, token.expires_at);
    let used = move || match last_used {
        Some(at) => format!(
            "{} {}",
            t.token_last_used,
            datetime(at, &zone.get(), locale)
        ),
        None => t.token_never_used.to_owned(),
    };
    let expires = move || {
        expires.map(|at| {
            format!(
                " · {} {}",
                t.token_expires_on,
                datetime(at, &zone.get(), locale)
            )
        })
    };
    view! {
        <li class="row">
            <div>
                <strong>{token.name}</strong>
                <p class="muted">{scopes}</p>
                <p class="muted">{used} {expires}</p>
            </div>
            <ActionForm action=revoke>
                <input type="hidden" name="id" value=token.id.to_string() />
                <button type="submit" class="button secondary">{t.token_revoke}</button>
            </ActionForm>
        </li>
    }
}
