use leptos::prelude::*;

use super::contact_fields::ContactFields;
use crate::customers::api::{CreateContact, list_assignees};
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// Adds a contact; saving opens the new contact's page.
#[component]
pub fn NewContactPage() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateContact>::new();
    let answer = answer_of(create);
    let assignees = Resource::new(|| (), |_| list_assignees());
    view! {
        <Page title=t.contact_new>
            <section class="card">
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
