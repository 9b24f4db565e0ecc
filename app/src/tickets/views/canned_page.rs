use leptos::prelude::*;

use crate::i18n::use_messages;
use crate::tickets::api::{RemoveCanned, SaveCanned, list_canned};
use crate::tickets::types::PLACEHOLDERS;
use crate::ui::form::{Field, FormAlert, TextArea, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// The answers the desk gives again and again, with placeholders filled in per ticket.
#[component]
pub fn CannedPage() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveCanned>::new();
    let remove = ServerAction::<RemoveCanned>::new();
    let answer = answer_of(save);
    let replies = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| list_canned(),
    );
    view! {
        <Page title=t.canned_title>
            <Loading>
                {move || Suspend::new(async move {
                    replies.await.map(|replies| {
                        if replies.is_empty() {
                            return view! { <p class="empty">{t.canned_none}</p> }.into_any();
                        }
                        view! {
                            <ul class="rows card" data-testid="canned-replies">
                                {replies.into_iter().map(|r| view! {
                                    <li class="row canned">
                                        <div>
                                            <strong>{r.title}</strong>
                                            <p class="muted message-body">{r.body}</p>
                                        </div>
                                        <ActionForm action=remove>
                                            <input type="hidden" name="id" value=r.id.to_string() />
                                            <button type="submit" class="link-button">{t.remove}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    })
                })}
            </Loading>
            <ActionForm action=save attr:class="card" attr:data-testid="new-canned">
                <h2>{t.canned_new}</h2>
                <Field label=t.canned_name name="title" group="form" required=true errors=errors_of(answer, "title") />
                <TextArea label=t.canned_body name="body" group="form" required=true errors=errors_of(answer, "body") />
                <p class="hint">{t.composer_placeholders} " " {PLACEHOLDERS.join(" ")}</p>
                <FormAlert answer />
                <button type="submit" class="button" disabled=save.pending()>{t.save}</button>
            </ActionForm>
        </Page>
    }
}
