use leptos::prelude::*;

use crate::customers::api::list_assignees;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::web_forms::api::{CreateWebForm, SetWebFormActive, list_web_forms};
use crate::web_forms::types::WebForm;

/// The web forms part of the settings: each form's HTML to paste into a site, with its
/// switch, and a new form.
#[component]
pub fn WebFormsSettings() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateWebForm>::new();
    let toggle = ServerAction::<SetWebFormActive>::new();
    let answer = answer_of(create);
    let forms = Resource::new(
        move || (create.version().get(), toggle.version().get()),
        |_| list_web_forms(),
    );
    let assignees = Resource::new(|| (), |_| list_assignees());
    let e = move |field| errors_of(answer, field);
    view! {
        <section class="card" data-testid="web-forms">
            <h2>{t.web_forms_title}</h2>
            <p class="muted">{t.web_forms_intro}</p>
            <Loading>
                {move || Suspend::new(async move {
                    forms.await.map(|forms| {
                        if forms.is_empty() {
                            return view! { <p class="empty">{t.web_forms_none}</p> }.into_any();
                        }
                        forms
                            .into_iter()
                            .map(|form| view! { <WebFormCard form toggle /> })
                            .collect_view()
                            .into_any()
                    })
                })}
            </Loading>
            <h3>{t.web_form_create}</h3>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    assignees.await.map(|assignees| {
                        let mut owners = vec![(String::new(), t.nobody.to_owned())];
                        owners.extend(assignees.into_iter().map(|a| (a.id.to_string(), a.name)));
                        view! {
                            <ActionForm action=create>
                                <div class="grid-form">
                                    <Field label=t.field_name name="name" group="form" required=true errors=e("name") scope="web-form" />
                                    <Field label=t.field_form_tag name="tag" group="form" errors=e("tag") scope="web-form" />
                                    <Select label=t.field_owner name="owner_id" group="form" options=owners selected=String::new() errors=e("owner_id") scope="web-form" />
                                    <Field label=t.field_redirect_url name="redirect_url" group="form" kind="url" errors=e("redirect_url") scope="web-form" />
                                </div>
                                <label class="check">
                                    <input type="checkbox" name="form[opens_tickets]" value="on" />
                                    <span>{t.field_form_opens_tickets}</span>
                                </label>
                                <FormAlert answer />
                                <button class="button" type="submit" disabled=create.pending()>{t.web_form_create}</button>
                            </ActionForm>
                        }
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WebFormCard(form: WebForm, toggle: ServerAction<SetWebFormActive>) -> impl IntoView {
    let t = use_messages();
    let snippet_id = format!("snippet-{}", form.id);
    let snippet = form.snippet();
    view! {
        <article class="web-form">
            <h3>
                {form.name.clone()}
                {(!form.active).then(|| view! { <span class="badge">{t.web_form_inactive}</span> })}
                {form.opens_tickets.then(|| view! { <span class="badge">{t.web_form_opens_tickets}</span> })}
            </h3>
            {form.tag.clone().map(|tag| view! { <p class="muted">{t.field_form_tag} ": " {tag}</p> })}
            <p id=snippet_id.clone()>{t.web_form_snippet}</p>
            <pre class="snippet" aria-labelledby=snippet_id tabindex="0"><code>{snippet}</code></pre>
            <ActionForm action=toggle>
                <input type="hidden" name="id" value=form.id.to_string() />
                <input type="hidden" name="active" value=(!form.active).to_string() />
                <button class="button secondary" type="submit">
                    {if form.active { t.web_form_disable } else { t.web_form_enable }}
                </button>
            </ActionForm>
        </article>
    }
}
