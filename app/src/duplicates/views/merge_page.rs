use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::customers::types::Contact;
use crate::duplicates::api::{MergeContacts, merge_candidates};
use crate::duplicates::types::MERGE_FIELDS;
use crate::error::AppError;
use crate::i18n::{Messages, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

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
