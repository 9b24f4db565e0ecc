use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::core::code::TextCode;
use crate::customers::api::{get_contact, list_contacts};
use crate::customers::history::api::get_history;
use crate::customers::history::types::HistoryItem;
use crate::customers::types::ContactQuery;
use crate::i18n::format::date;
use crate::i18n::{Locale, use_messages};
use crate::tickets::api::{CreateTicket, ticket_agents};
use crate::tickets::types::{Channel, Priority};
use crate::ui::form::{Field, FormAlert, Select, TextArea, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// Opens a ticket for a customer who called or came by: first find the customer, then say
/// what they need. From a contact's page the customer is already chosen.
#[component]
pub fn NewTicketPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let contact =
        move || params.with(|p| p.get("contact").and_then(|id| Uuid::parse_str(&id).ok()));
    view! {
        <Page title=t.ticket_new>
            {move || match contact() {
                Some(contact_id) => view! { <TicketForm contact_id /> }.into_any(),
                None => view! { <FindRequester /> }.into_any(),
            }}
        </Page>
    }
}

/// A search over contacts whose results lead on to the form.
#[component]
fn FindRequester() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let q = move || params.with(|p| p.get("q").unwrap_or_default());
    let found = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            return Ok(None);
        }
        list_contacts(ContactQuery {
            q,
            ..ContactQuery::default()
        })
        .await
        .map(Some)
    });
    view! {
        <form method="get" action="/tickets/new" class="search card" role="search">
            <label for="requester-search">{t.ticket_find_requester}</label>
            <input id="requester-search" type="search" name="q" value=q placeholder=t.contacts_search_hint />
            <button class="button secondary" type="submit">{t.search}</button>
        </form>
        <Loading>
            {move || Suspend::new(async move {
                found.await.map(|page| page.map(|page| {
                    if page.rows.is_empty() {
                        return view! { <p class="empty">{t.contacts_none}</p> }.into_any();
                    }
                    view! {
                        <ul class="rows card" data-testid="requesters">
                            {page.rows.into_iter().map(|row| {
                                let details = [row.company_name, row.email, row.phone].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                view! {
                                    <li class="row">
                                        <a class="row-link" href=format!("/tickets/new?contact={}", row.id)>
                                            <strong>{row.name}</strong>
                                            <p class="muted">{details}</p>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }))
            })}
        </Loading>
    }
}

#[component]
fn TicketForm(contact_id: Uuid) -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateTicket>::new();
    let answer = answer_of(create);
    let requester = Resource::new(move || contact_id, get_contact);
    let agents = Resource::new(|| (), |_| ticket_agents());
    let history = Resource::new(move || contact_id, |id| get_history(id, None));
    let viewer = use_viewer();
    let locale = use_context::<Locale>().unwrap_or_default();
    let priorities = t.priority_options();
    let channels = t.channel_options();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                requester.await.map(|c| view! {
                    <p class="muted">{t.ticket_requester} ": " <a href=format!("/contacts/{}", c.id)>{c.name}</a></p>
                })
            })}
        </Transition>
        <ActionForm action=create attr:class="card" attr:data-testid="new-ticket">
            <input type="hidden" name="form[contact_id]" value=contact_id.to_string() />
            <Field label=t.ticket_subject name="subject" group="form" required=true errors=errors_of(answer, "subject") />
            <TextArea label=t.ticket_body name="body" group="form" required=true errors=errors_of(answer, "body") />
            <div class="grid-form">
                <Select label=t.ticket_priority name="priority" group="form" options=priorities selected=Priority::default().as_str() errors=errors_of(answer, "priority") />
                <Select label=t.ticket_channel name="channel" group="form" options=channels selected=Channel::Phone.as_str() errors=errors_of(answer, "channel") />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        agents.await.map(|agents| {
                            let options = t.agent_options(agents);
                            view! { <Select label=t.ticket_assignee name="assignee_id" group="form" options selected="" errors=errors_of(answer, "assignee_id") /> }
                        })
                    })}
                </Transition>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                        history.await.map(|history| {
                            let orders = history.items.into_iter().filter_map(|item| match item {
                                HistoryItem::Order(order) => Some((order.id.to_string(), format!("{} · {}", order.number, date(order.ordered_at, &zone, locale)))),
                                HistoryItem::Interaction(_) => None,
                            });
                            let options = std::iter::once((String::new(), t.ticket_no_order.to_owned())).chain(orders).collect::<Vec<_>>();
                            view! { <Select label=t.ticket_order name="order_id" group="form" options selected="" errors=errors_of(answer, "order_id") /> }
                        })
                    })}
                </Transition>
            </div>
            <FormAlert answer />
            <button type="submit" class="button" disabled=create.pending()>{t.ticket_create}</button>
        </ActionForm>
    }
}
