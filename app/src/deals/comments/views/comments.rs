use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::customers::api::list_assignees;
use crate::deals::comments::api::{add_comment, list_comments};
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};
use crate::ui::loading::Loading;

/// The conversation about a deal, and a box to add to it; a tap on a teammate's name writes
/// the @mention that tells them.
#[component]
pub fn Comments(deal_id: Uuid, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let added = RwSignal::new(0_u32);
    let comments = Resource::new(move || added.get(), move |_| list_comments(deal_id));
    let teammates = Resource::new(|| (), |_| list_assignees());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            match add_comment(deal_id, body.get_untracked()).await {
                Ok(_) => {
                    body.set(String::new());
                    error.set(None);
                    added.update(|n| *n += 1);
                }
                Err(err) => error.set(Some(t.refusal(&err))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" data-testid="comments">
            <h2>{t.comments_title}</h2>
            <Loading>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move {
                        comments.await.map(|list| view! {
                            <ol class="comments">
                                {list.into_iter().map(|c| view! {
                                    <li class="comment">
                                        <p class="muted">{c.author_name.unwrap_or_default()} " · " {datetime(c.created_at, &zone, locale)}</p>
                                        <p class="comment-body">{c.body}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        })
                    })
                }}
            </Loading>
            <form class="comment-form" on:submit=submit>
                <label for="comment-body">{t.comment_label}</label>
                <textarea
                    id="comment-body"
                    rows="3"
                    required
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                ></textarea>
                <Transition>
                    {move || Suspend::new(async move {
                        teammates.await.map(|people| view! {
                            <p class="mention-chips">
                                <span class="muted">{t.comment_mention}</span>
                                {people.into_iter().map(|p| {
                                    let name = p.name.clone();
                                    view! {
                                        <button type="button" class="chip" on:click=move |_| body.update(|b| {
                                            if !b.is_empty() && !b.ends_with(' ') { b.push(' '); }
                                            b.push_str(&format!("@{name} "));
                                        })>{format!("@{}", p.name)}</button>
                                    }
                                }).collect_view()}
                            </p>
                        })
                    })}
                </Transition>
                {move || error.get().map(|e| view! { <p class="field-errors" role="alert">{e}</p> })}
                <button type="submit" class="button" disabled=move || busy.get()>{t.comment_add}</button>
            </form>
        </section>
    }
}
