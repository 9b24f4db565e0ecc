use leptos::prelude::*;
use uuid::Uuid;

use crate::core::policy::{self, Action, Rules};
use crate::customers::views::ContactPanel;
use crate::i18n::{fill, use_messages};
use crate::privacy::api::EraseContact;
use crate::ui::fold::Fold;
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};

/// Erasing a person for a data-subject request, behind their name typed out: it cannot be
/// undone.
#[component]
pub fn EraseContactForm(id: Uuid, name: String) -> impl IntoView {
    let t = use_messages();
    let erase = ServerAction::<EraseContact>::new();
    let answer = answer_of(erase);
    let open = RwSignal::new(false);
    view! {
        <Fold label=t.erase_open testid="erase" open>
            <ActionForm action=erase attr:class="log-form danger-zone">
                <p>{fill(t.erase_hint, &[("name", &name)])}</p>
                <input type="hidden" name="id" value=id.to_string() />
                <Field
                    label=t.erase_confirm
                    name="confirm"
                    scope="erase"
                    required=true
                    errors=errors_of(answer, "confirm")
                />
                <FormAlert answer />
                <button class="button danger" type="submit" disabled=erase.pending()>
                    {t.erase_submit}
                </button>
            </ActionForm>
        </Fold>
    }
}

/// Erasing the person, among the buttons of their page, for those who may.
pub fn erase_action(panel: &ContactPanel) -> AnyView {
    let may = policy::allows(&panel.viewer.user, Action::EraseCustomer, Rules::default());
    let (id, name) = (panel.contact.id, panel.contact.name.clone());
    may.then(|| view! { <EraseContactForm id name /> })
        .into_any()
}
