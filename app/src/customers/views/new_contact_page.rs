use leptos::prelude::*;

use leptos_router::hooks::use_navigate;

use super::KeptContacts;
use super::contact_fields::ContactFields;
use crate::core::offline::{served_or_kept, use_reach};
use crate::customers::api::{CreateContact, list_assignees};
use crate::customers::types::ContactForm;
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of, save_offline};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// Adds a contact; saving opens the new contact's page.
#[component]
pub fn NewContactPage() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateContact>::new();
    let answer = answer_of(create);
    let reach = use_reach();
    let kept = use_context::<KeptContacts>();
    let assignees = Resource::new(
        || (),
        move |_| served_or_kept(reach, list_assignees(), kept.map(|k| k.people)),
    );
    let refused = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let save = save_offline(reach, move |posted| {
        let Some(kept) = kept else {
            return false;
        };
        let field = |name: &str| posted.get(&format!("form[{name}]"));
        let written = ContactForm {
            name: field("name"),
            given_name: field("given_name"),
            family_name: field("family_name"),
            email: field("email"),
            phone: field("phone"),
            wechat_id: field("wechat_id"),
            city: field("city"),
            company: field("company"),
            source: field("source"),
            lifecycle: field("lifecycle"),
            owner_id: field("owner_id"),
            tags: field("tags"),
            marketing_consent: Some(field("marketing_consent")).filter(|c| !c.is_empty()),
            id: None,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match (kept.add)(written).await {
                Ok(contact) => navigate(&format!("/contacts/{}", contact.id), Default::default()),
                Err(err) => refused.set(Some(err)),
            }
        });
        true
    });
    view! {
        <Page title=t.contact_new>
            {move || refused.get().map(|err| view! {
                <div class="alert error" role="alert">{t.refusal(&err)}</div>
            })}
            <section class="card" on:submit:capture=save>
                <Loading>
                    {move || Suspend::new(async move {
                        assignees
                            .await
                            .map(|assignees| {
                                view! {
                                    <ActionForm action=create>
                                        <ContactFields contact=None assignees answer />
                                        <FormAlert answer />
                                        <button class="button" type="submit" disabled=create.pending()>
                                            {t.save}
                                        </button>
                                    </ActionForm>
                                }
                            })
                    })}
                </Loading>
            </section>
        </Page>
    }
}
