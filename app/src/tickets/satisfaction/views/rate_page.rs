use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::labels::score_label;
use crate::i18n::{fill, use_messages};
use crate::tickets::satisfaction::api::{RateTicket, get_survey};
use crate::tickets::satisfaction::types::{SCORES, Survey};
use crate::ui::form::{FormAlert, TextArea, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::{PublicPage, link_failure};

/// Where the link in the "how did we do?" email lands: no account, one tap per score, and a
/// form that works before the app has loaded, on a phone.
#[component]
pub fn RatePage() -> impl IntoView {
    let t = use_messages();
    let token = use_query_map()
        .with_untracked(|q| q.get("t"))
        .unwrap_or_default();
    let rate = ServerAction::<RateTicket>::new();
    let survey = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        get_survey,
    );
    view! {
        <PublicPage title=t.rating_title testid="rating">
            <Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match survey.await {
                            Ok(survey) => view! {
                                <Intro survey=survey.clone() />
                                <Rating token=token.clone() chosen=survey.score rate />
                            }.into_any(),
                            Err(err) => link_failure(t, &err, t.rating_link_invalid),
                        }
                    })
                }}
            </Loading>
        </PublicPage>
    }
}

/// The form, until it is answered; then the thanks, with what was given.
#[component]
fn Rating(token: String, chosen: Option<u8>, rate: ServerAction<RateTicket>) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(rate);
    move || match answer.get() {
        Some(Ok(rated)) => view! { <Thanks survey=rated /> }.into_any(),
        _ => {
            let token = token.clone();
            view! {
            <ActionForm action=rate>
                <input type="hidden" name="form[token]" value=token />
                <Scores chosen errors=errors_of(answer, "score") />
                <TextArea
                    label=t.rating_comment
                    name="comment"
                    group="form"
                    errors=errors_of(answer, "comment")
                />
                <FormAlert answer />
                <button class="button wide" type="submit" disabled=rate.pending()>
                    {t.rating_submit}
                </button>
            </ActionForm>
            }
            .into_any()
        }
    }
}

#[component]
fn Intro(survey: Survey) -> impl IntoView {
    let t = use_messages();
    let number = survey.number.to_string();
    view! {
        <p class="muted">{survey.company_name}</p>
        <p>{fill(t.rating_intro, &[("number", &number), ("subject", &survey.subject)])}</p>
    }
}

/// Five large choices: radio buttons, so the form posts without JavaScript and a screen
/// reader reads them as one question.
#[component]
fn Scores(chosen: Option<u8>, errors: Signal<Vec<String>>) -> impl IntoView {
    let t = use_messages();
    view! {
        <fieldset class="scores">
            <legend>{t.rating_question}</legend>
            {SCORES.map(|score| view! {
                <label class="score">
                    <input type="radio" name="form[score]" value=score.to_string() checked=chosen == Some(score) required=true />
                    <span class="score-number">{score}</span>
                    <span class="score-label">{score_label(t, score)}</span>
                </label>
            }).collect_view()}
            <div class="field-errors" aria-live="polite">
                {move || errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn Thanks(survey: Survey) -> impl IntoView {
    let t = use_messages();
    let score = survey.score.unwrap_or_default();
    view! {
        <div class="alert success" role="status" data-testid="rating-thanks">
            <p><strong>{t.rating_thanks}</strong></p>
            <p>{format!("{score} / 5 · {}", score_label(t, score))}</p>
        </div>
    }
}
