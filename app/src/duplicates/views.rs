//! The duplicates screen, the merge screen, and a contact's merges with their undo.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::api::{MergeContacts, UndoMerge, find_duplicates, list_merges, merge_candidates};
use super::types::{Candidate, DuplicateGroup, MERGE_FIELDS};
use crate::core::policy::{self, Action, Rules};
use crate::customers::types::Contact;
use crate::customers::views::ContactPanel;
use crate::error::AppError;
use crate::i18n::{Locale, Messages, fill, format, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// Groups of contacts that may be one person, each with a way to merge them.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let t = use_messages();
    let found = Resource::new(|| (), |_| find_duplicates());
    view! {
        <Page title=t.duplicates_title>
            <p class="muted">{t.duplicates_intro}</p>
            <Loading>
                {move || Suspend::new(async move {
                    found.await.map(|found| {
                        if found.groups.is_empty() {
                            return view! { <p class="empty">{t.duplicates_none}</p> }.into_any();
                        }
                        view! {
                            <p><strong>{fill(t.duplicates_count, &[("count", &found.total.to_string())])}</strong></p>
                            {found.groups.into_iter().map(|group| view! { <Group group /> }).collect_view()}
                        }
                            .into_any()
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn Group(group: DuplicateGroup) -> impl IntoView {
    let t = use_messages();
    let reasons = group
        .reasons
        .iter()
        .map(|r| t.duplicate_reason(*r))
        .collect::<Vec<_>>()
        .join(" · ");
    let ids = group
        .contacts
        .iter()
        .map(|c| c.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <section class="card duplicate-group" data-testid="duplicate-group">
            <p>
                <span class="badge">{fill(t.duplicates_score, &[("score", &group.score.to_string())])}</span>
                " " {reasons}
            </p>
            <ul class="rows">
                {group.contacts.into_iter().map(|c| view! { <CandidateLine c /> }).collect_view()}
            </ul>
            <a class="button" href=format!("/contacts/merge?ids={ids}")>{t.merge_open}</a>
        </section>
    }
}

#[component]
fn CandidateLine(c: Candidate) -> impl IntoView {
    let details = [c.email, c.phone, c.company_name, c.city]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="row">
            <a class="row-link" href=format!("/contacts/{}", c.id)>
                <strong>{c.name}</strong>
                <p class="muted">{details}</p>
            </a>
        </li>
    }
}

/// A field's value as the merge screen shows it.
fn shown(t: &Messages, c: &Contact, field: &str) -> String {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    match field {
        "name" => c.name.clone(),
        "given_name" => text(&c.given_name),
        "family_name" => text(&c.family_name),
        "email" => text(&c.email),
        "phone" => text(&c.phone),
        "wechat_id" => text(&c.wechat_id),
        "city" => text(&c.city),
        "company" => text(&c.company_name),
        "lifecycle" => t.lifecycle(c.lifecycle).to_owned(),
        "source" => t.source(c.source).to_owned(),
        "owner_id" => text(&c.owner_name),
        _ => String::new(),
    }
}

fn label(t: &Messages, field: &str) -> &'static str {
    match field {
        "name" => t.field_name,
        "given_name" => t.field_given_name,
        "family_name" => t.field_family_name,
        "email" => t.field_email,
        "phone" => t.field_phone,
        "wechat_id" => t.field_wechat,
        "city" => t.field_city,
        "company" => t.field_company,
        "lifecycle" => t.field_lifecycle,
        "source" => t.field_source,
        _ => t.field_owner,
    }
}

/// Side by side, the contacts to merge: which one stays, and per field which value.
#[component]
pub fn MergePage() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let ids = move || {
        query
            .with(|q| q.get("ids"))
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| Uuid::parse_str(id.trim()).ok())
            .collect::<Vec<_>>()
    };
    let contacts = Resource::new(ids, merge_candidates);
    let merge = ServerAction::<MergeContacts>::new();
    let answer = answer_of(merge);
    view! {
        <Page title=t.merge_title>
            <p class="muted">{t.merge_intro}</p>
            <Loading>
                {move || Suspend::new(async move {
                    let contacts = contacts.await?;
                    if contacts.len() < 2 {
                        return Err(AppError::NotFound);
                    }
                    let heads = contacts
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <th scope="col">
                                    <label class="check">
                                        <input type="radio" name="form[survivor]" value=c.id.to_string() checked=i == 0 />
                                        <span>{c.name.clone()} " · " {t.merge_keep}</span>
                                    </label>
                                    <input type="hidden" name=format!("form[contacts][{i}]") value=c.id.to_string() />
                                    <input type="hidden" name=format!("form[versions][{i}]") value=c.version.to_string() />
                                </th>
                            }
                        })
                        .collect_view();
                    let rows = MERGE_FIELDS
                        .iter()
                        .filter(|field| contacts.iter().any(|c| !shown(t, c, field).is_empty()))
                        .map(|field| {
                            let first = contacts.iter().position(|c| !shown(t, c, field).is_empty()).unwrap_or(0);
                            let cells = contacts
                                .iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    let value = shown(t, c, field);
                                    view! {
                                        <td>
                                            <label class="check">
                                                <input
                                                    type="radio"
                                                    name=format!("form[choices][{field}]")
                                                    value=c.id.to_string()
                                                    checked=i == first
                                                    aria-label=format!("{}: {}", label(t, field), value)
                                                />
                                                <span>{value}</span>
                                            </label>
                                        </td>
                                    }
                                })
                                .collect_view();
                            view! { <tr><th scope="row">{label(t, field)}</th>{cells}</tr> }
                        })
                        .collect_view();
                    Ok(view! {
                        <ActionForm action=merge>
                            <div class="table-scroll card">
                                <table class="merge">
                                    <thead><tr><th></th>{heads}</tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <FormAlert answer />
                            <button class="button" type="submit" disabled=merge.pending()>{t.merge_submit}</button>
                        </ActionForm>
                    })
                })}
            </Loading>
        </Page>
    }
}

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
