use leptos::prelude::*;

use super::contact_fields::{ConflictNotice, ContactFields};
use crate::customers::api::{UpdateContact, get_contact, list_assignees};
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;

/// Edits a contact. The form names the version it was filled from, so a save that arrives
/// after someone else's shows their values instead of overwriting them.
#[component]
pub fn EditContactPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let update = ServerAction::<UpdateContact>::new();
    let answer = answer_of(update);
    let data = Resource::new(id, |id| async move {
        let id = id.ok_or(AppError::NotFound)?;
        Ok::<_, AppError>((get_contact(id).await?, list_assignees().await?))
    });
    view! {
        <Page title=t.contact_edit>
            <ConflictNotice answer />
            <section class="card">
                <Loading>
                    {move || Suspend::new(async move {
                        data.await
                            .map(|(contact, assignees)| {
                                let (id, version) = (contact.id.to_string(), contact.version.to_string());
                                let back = format!("/contacts/{id}");
                                view! {
                                    <ActionForm action=update>
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="version" value=version />
                                        <ContactFields contact=Some(contact) assignees answer />
                                        <FormAlert answer />
                                        <div class="actions">
                                            <button class="button" type="submit" disabled=update.pending()>
                                                {t.save}
                                            </button>
                                            <a href=back>{t.cancel}</a>
                                        </div>
                                    </ActionForm>
                                }
                            })
                    })}
                </Loading>
            </section>
        </Page>
    }
}
