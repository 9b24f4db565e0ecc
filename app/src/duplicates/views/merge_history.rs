use leptos::prelude::*;
use uuid::Uuid;

use crate::core::policy::{self, Action, Rules};
use crate::customers::views::ContactPanel;
use crate::duplicates::api::{UndoMerge, list_merges};
use crate::i18n::{Locale, fill, format, use_messages};
use crate::ui::form::{FormAlert, answer_of};

/// The merges into a contact, each with its undo while it can be undone.
#[component]
pub fn MergeHistory(
    contact_id: Uuid,
    zone: String,
    can_undo: bool,
    /// Raised once a merge is undone, so that the page reads the contact again.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let undo = ServerAction::<UndoMerge>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = undo.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let merges = Resource::new(
        move || (contact_id, undo.version().get()),
        |(id, _)| list_merges(id),
    );
    let answer = answer_of(undo);
    view! {
        <Transition fallback=|| ()>
            {move || {
                let zone = zone.clone();
                Suspend::new(async move {
                    let merges = merges.await.unwrap_or_default();
                    (!merges.is_empty()).then(|| view! {
                        <section class="card" data-testid="merges">
                            <h2>{t.merge_history}</h2>
                            <ul class="rows">
                                {merges.into_iter().map(|m| {
                                    let entry = fill(t.merge_entry, &[("names", &m.merged.join(", "))]);
                                    let when = format::datetime(m.at, &zone, locale);
                                    view! {
                                        <li class="row">
                                            <div>
                                                <strong>{entry}</strong>
                                                <p class="muted">{when} " · " {m.by.unwrap_or_default()}</p>
                                            </div>
                                            {if m.undone {
                                                view! { <span class="badge">{t.merge_undone}</span> }.into_any()
                                            } else if can_undo {
                                                view! {
                                                    <ActionForm action=undo>
                                                        <input type="hidden" name="id" value=m.id.to_string() />
                                                        <button class="button secondary" type="submit">{t.merge_undo}</button>
                                                    </ActionForm>
                                                }.into_any()
                                            } else {
                                                ().into_any()
                                            }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <FormAlert answer />
                        </section>
                    })
                })
            }}
        </Transition>
    }
}

/// The merges into a contact, as a section of their page.
pub fn merges_section(panel: &ContactPanel) -> AnyView {
    let can_undo = policy::allows(&panel.viewer.user, Action::MergeCustomers, Rules::default());
    let (contact_id, zone) = (panel.contact.id, panel.viewer.time_zone.clone());
    view! { <MergeHistory contact_id zone can_undo changed=panel.changed /> }.into_any()
}
